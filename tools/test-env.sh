#!/usr/bin/env bash
# What the test suite needs beyond Python packages, set up on a fresh Debian machine:
# Debian packages (as root), a PostgreSQL server answering on 127.0.0.1:5432 with a `test`
# database, and axe-core from package-lock.json. Without root it names, in one line, the
# `apt-get install` that is missing and does the rest. Run by `make test`; safe to re-run.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
PG_HOST=127.0.0.1
PG_PORT=5432

missing=()
need() { dpkg -s "$1" >/dev/null 2>&1 || missing+=("$1"); }
# The browser tests drive Debian's Chromium (Playwright's own download is not used).
[ -x /usr/bin/chromium ] || missing+=(chromium)
need fonts-dejavu-core
# WeasyPrint (the PDFs) needs Pango.
need libpango-1.0-0
need libpangoft2-1.0-0
# Sample photos of people for the camera coach's tests.
need opencv-doc
command -v npm >/dev/null || missing+=(npm)
# tests/e2e/test_two_hosts.py puts two app servers behind Debian's nginx.
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v pg_isready >/dev/null || missing+=(postgresql-client)
if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null \
    && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    missing+=(postgresql)
fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "test-env: missing, as root: apt-get install ${missing[*]}" >&2
    fi
fi

# PostgreSQL: start the local cluster when nothing answers, let the local postgres user in
# over TCP without a password (a throwaway test server), and create the `test` database.
if command -v pg_isready >/dev/null && ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
    if [ "$(id -u)" = 0 ] && [ -d /etc/postgresql ]; then
        version="$(ls /etc/postgresql | sort -V | tail -n 1)"
        [ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main >/dev/null
        hba="/etc/postgresql/$version/main/pg_hba.conf"
        grep -q '^host all postgres 127.0.0.1/32 trust' "$hba" \
            || sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
            || pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null
        for _ in $(seq 1 30); do
            pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break
            sleep 1
        done
    else
        echo "test-env: PostgreSQL does not answer on $PG_HOST:$PG_PORT (start it as root)" >&2
    fi
fi
if command -v psql >/dev/null && pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
    if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d test -qc 'select 1' >/dev/null 2>&1; then
        psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc 'create database test' \
            >/dev/null 2>&1 \
            || { [ "$(id -u)" = 0 ] && su postgres -c "createdb test" 2>/dev/null; } \
            || echo "test-env: could not create the PostgreSQL database test" >&2
    fi
fi

# axe-core for the accessibility tests, at the version pinned in package-lock.json.
if command -v npm >/dev/null && [ ! -f node_modules/axe-core/axe.min.js ]; then
    npm ci --no-audit --no-fund --ignore-scripts --silent
fi
exit 0
