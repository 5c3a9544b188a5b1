#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'
# The store's tests start a real PostgreSQL server: install Debian's when initdb/pg_ctl are missing.
have_postgres() {
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
    done
    return 1
}
if ! have_postgres; then
    pg_log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$pg_log" 2>&1; then
        cat "$pg_log" >&2
        echo "scripts/test.sh: could not install PostgreSQL; the store's PostgreSQL tests will fail" >&2
    fi
    rm -f "$pg_log"
fi
# The report's browser test drives Debian's Chromium through Playwright (never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
    chromium_log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei; } >"$chromium_log" 2>&1; then
        cat "$chromium_log" >&2
        echo "scripts/test.sh: could not install Chromium; the report's browser test will fail" >&2
    fi
    rm -f "$chromium_log"
fi
exec python3 -m pytest "$@"
