#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs the whole suite.
#   Python packages: the test extra. Debian packages, only when missing: PostgreSQL (the store's tests
#   start a real server), redis-server (the distributed tests), Chromium and a CJK font (the report's
#   browser test, driven through Playwright — never `playwright install`), wget (the archive tests read a WARC
#   file wget wrote).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'

have_postgres() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
    done
    return 1
}
missing=()
have_postgres || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-wqy-microhei)
command -v wget >/dev/null 2>&1 || missing+=(wget)
if [ ${#missing[@]} -gt 0 ]; then
    apt_log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        echo "scripts/test.sh: could not install ${missing[*]}; the tests that need them will fail" >&2
    fi
    rm -f "$apt_log"
fi
exec python3 -m pytest "$@"
