#!/usr/bin/env bash
# The README's test command, and what CI runs. It installs what the tests need, then:
#   1. ruff and mypy;
#   2. the whole suite (both tiers) on the versions pip installs;
#   3. the fast tier (pytest -m "not e2e") on the lowest versions pyproject.toml admits (ci/minimum-versions.txt),
#      in a virtual environment of its own;
#   4. the fast tier under a system clock at China's year end (faketime), to show no test reads the real date.
#
#   bash scripts/test.sh               everything (about 15 minutes on 2 cores; most of it is step 2)
#   bash scripts/test.sh --fast        only the fast tier on the installed versions (under a minute)
#   bash scripts/test.sh -- ARGS       step 2 with these pytest arguments instead (e.g. -- tests/test_store.py)
#
# Python packages: the test and lint extras. Debian packages, installed only when missing: PostgreSQL (the store's
# tests start a real server), redis-server (the distributed tests), Chromium and a CJK font (the report's browser
# test, driven through Playwright — never `playwright install`), wget (the archive tests read a WARC file wget
# wrote), faketime (step 4).
set -euo pipefail
cd "$(dirname "$0")/.."

# pytest-xdist: the whole suite in 10 minutes instead of 18 on two cores (most tests wait on other processes);
# more than four workers only multiplies the servers each one starts.
PARALLEL=(-n auto --maxprocesses 4)

quiet_pip() {  # pip install, showing its output only when it fails
    local log
    log="$(mktemp)"
    if ! "$@" --quiet --disable-pip-version-check --root-user-action=ignore >"$log" 2>&1; then
        grep -v "^WARNING: Location" "$log" >&2
        echo "scripts/test.sh: could not install the Python packages: $*" >&2
        exit 3
    fi
    rm -f "$log"
}

install_debian_packages() {
    local missing=() bin
    local have_postgres=no
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then have_postgres=yes; fi
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && have_postgres=yes
    done
    [ "$have_postgres" = yes ] || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    [ -x /usr/bin/chromium ] || missing+=(chromium fonts-wqy-microhei)
    command -v wget >/dev/null 2>&1 || missing+=(wget)
    command -v faketime >/dev/null 2>&1 || missing+=(faketime)
    [ ${#missing[@]} -gt 0 ] || return 0
    local log
    log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        echo "scripts/test.sh: could not install ${missing[*]}; the tests that need them will fail" >&2
    fi
    rm -f "$log"
}

minimum_versions_fast_tier() {
    local venv
    venv="$(mktemp -d)/venv"
    python3 -m venv "$venv"
    quiet_pip "$venv/bin/python" -m pip install -c ci/minimum-versions.txt -e '.[test]'
    echo "== fast tier on the lowest declared versions ($("$venv/bin/python" -c 'import scrapy; print("Scrapy", scrapy.__version__)'))"
    "$venv/bin/python" -m pytest -q -m "not e2e" -p no:cacheprovider "${PARALLEL[@]}"
}

quiet_pip python3 -m pip install -e '.[test,lint]'

if [ "${1:-}" = "--fast" ]; then
    exec python3 -m pytest -q -m "not e2e" "${PARALLEL[@]}"
fi

install_debian_packages
echo "== ruff"
ruff check .
echo "== mypy"
mypy
echo "== the whole suite"
if [ "${1:-}" = "--" ]; then
    shift
    python3 -m pytest "$@"
    exit
fi
python3 -m pytest -p no:cacheprovider "${PARALLEL[@]}"
minimum_versions_fast_tier
echo "== fast tier with the system clock at 2027-12-31 16:30 UTC (00:30 on New Year's Day in China)"
faketime '2027-12-31 16:30:00' python3 -m pytest -q -m "not e2e" -p no:cacheprovider "${PARALLEL[@]}"
