# shellcheck shell=bash
# Throw-away PostgreSQL and Redis for one CI run. Source this file, then:
#
#   ci_services_start      # starts both; sets CI_PG_PORT, CI_PG_DIR, CI_REDIS_DIR, CI_REDIS_SOCK
#   ci_services_stop       # stops both and removes their temp dirs (safe to call twice)
#
# Neither service touches the machine's own PostgreSQL (5432) or Redis (6379): PostgreSQL listens
# on a free port on 127.0.0.1 plus a socket in its temp dir, Redis only on a unix socket
# (--port 0), so a taken port can never make us talk to somebody else's server.
#
# Database: role "ci" (LOGIN CREATEDB, trust auth) owning database "portal", so pytest-django can
# create test_portal:  postgres://ci@127.0.0.1:$CI_PG_PORT/portal

CI_PG_DIR="${CI_PG_DIR:-}"
CI_PG_PORT="${CI_PG_PORT:-}"
CI_PG_BIN="${CI_PG_BIN:-}"
CI_REDIS_DIR="${CI_REDIS_DIR:-}"
CI_REDIS_SOCK="${CI_REDIS_SOCK:-}"

ci_log() { printf 'ci: %s\n' "$*"; }

# Run a PostgreSQL server binary as the postgres user when we are root (initdb refuses root),
# as ourselves otherwise. cd into the data's parent first: postgres may not read the caller's cwd.
_ci_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$CI_PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$CI_PG_DIR" && "$@")
    fi
}

_ci_find_pg_bin() {
    local dir
    if [ -n "$CI_PG_BIN" ] && [ -x "$CI_PG_BIN/initdb" ] && [ -x "$CI_PG_BIN/pg_ctl" ]; then
        return 0
    fi
    # Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<version>/bin.
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        CI_PG_BIN="$dir"
        return 0
    fi
    # Otherwise whatever is on PATH (e.g. /usr/local/bin/initdb); resolve symlinks to the real dir.
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        CI_PG_BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"
        [ -x "$CI_PG_BIN/pg_ctl" ] || CI_PG_BIN="$(dirname "$(command -v pg_ctl)")"
        return 0
    fi
    ci_log "ERROR: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2
    return 1
}

_ci_psql() {
    local psql="$CI_PG_BIN/psql"
    [ -x "$psql" ] || psql="$(command -v psql)"
    "$psql" -X -q -v ON_ERROR_STOP=1 -h "$CI_PG_DIR" -p "$CI_PG_PORT" "$@"
}

_ci_free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

ci_pg_start() {
    local attempt
    _ci_find_pg_bin || return 1
    CI_PG_DIR="$(mktemp -d /tmp/ci-pg.XXXXXX)"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$CI_PG_DIR"
    fi
    ci_log "initdb ($CI_PG_BIN) in $CI_PG_DIR/data"
    if ! _ci_pg_as_owner "$CI_PG_BIN/initdb" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        -D "$CI_PG_DIR/data" >"$CI_PG_DIR/initdb.log" 2>&1; then
        cat "$CI_PG_DIR/initdb.log" >&2
        ci_log "ERROR: initdb failed" >&2
        return 1
    fi
    # The port is free when we ask; another process could take it before PostgreSQL binds, so retry.
    for attempt in 1 2 3 4 5; do
        CI_PG_PORT="$(_ci_free_port)"
        [ "$CI_PG_PORT" = 5432 ] && continue
        if _ci_pg_as_owner "$CI_PG_BIN/pg_ctl" -w -t 60 -D "$CI_PG_DIR/data" -l "$CI_PG_DIR/postgres.log" \
            -o "-p $CI_PG_PORT -k $CI_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
            break
        fi
        ci_log "PostgreSQL did not start on port $CI_PG_PORT (attempt $attempt)" >&2
        tail -n 20 "$CI_PG_DIR/postgres.log" >&2 || true
        CI_PG_PORT=""
    done
    if [ -z "$CI_PG_PORT" ]; then
        ci_log "ERROR: could not start PostgreSQL" >&2
        return 1
    fi
    _ci_psql -U postgres -d postgres -c "CREATE ROLE ci LOGIN CREATEDB" -c "CREATE DATABASE portal OWNER ci" || return 1
    ci_log "PostgreSQL up on 127.0.0.1:$CI_PG_PORT (role ci, database portal)"
}

ci_pg_stop() {
    if [ -n "$CI_PG_DIR" ] && [ -d "$CI_PG_DIR" ]; then
        if [ -f "$CI_PG_DIR/data/postmaster.pid" ] && [ -n "$CI_PG_BIN" ]; then
            _ci_pg_as_owner "$CI_PG_BIN/pg_ctl" -w -t 30 -D "$CI_PG_DIR/data" -m fast stop >/dev/null 2>&1 ||
                _ci_pg_as_owner "$CI_PG_BIN/pg_ctl" -D "$CI_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$CI_PG_DIR"
        ci_log "PostgreSQL stopped"
    fi
    CI_PG_DIR=""
}

ci_redis_start() {
    local i
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        ci_log "ERROR: redis-server / redis-cli not found" >&2
        return 1
    fi
    CI_REDIS_DIR="$(mktemp -d /tmp/ci-redis.XXXXXX)"
    CI_REDIS_SOCK="$CI_REDIS_DIR/redis.sock"
    redis-server --port 0 --unixsocket "$CI_REDIS_SOCK" --unixsocketperm 700 --daemonize yes \
        --save "" --appendonly no --dir "$CI_REDIS_DIR" \
        --pidfile "$CI_REDIS_DIR/redis.pid" --logfile "$CI_REDIS_DIR/redis.log" || return 1
    for i in $(seq 1 100); do
        if [ "$(redis-cli -s "$CI_REDIS_SOCK" ping 2>/dev/null || true)" = "PONG" ]; then
            ci_log "Redis up on unix socket $CI_REDIS_SOCK"
            return 0
        fi
        sleep 0.1
    done
    cat "$CI_REDIS_DIR/redis.log" >&2 || true
    ci_log "ERROR: Redis did not answer PING on $CI_REDIS_SOCK" >&2
    return 1
}

ci_redis_stop() {
    local pid="" i
    if [ -n "$CI_REDIS_DIR" ] && [ -d "$CI_REDIS_DIR" ]; then
        [ -f "$CI_REDIS_DIR/redis.pid" ] && pid="$(cat "$CI_REDIS_DIR/redis.pid" 2>/dev/null || true)"
        if [ -S "$CI_REDIS_SOCK" ]; then
            redis-cli -s "$CI_REDIS_SOCK" shutdown nosave >/dev/null 2>&1 || true
        fi
        # Wait for it to go; kill by its own pid (never by name) if it will not.
        if [ -n "$pid" ]; then
            for i in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        fi
        rm -rf "$CI_REDIS_DIR"
        ci_log "Redis stopped"
    fi
    CI_REDIS_DIR=""
    CI_REDIS_SOCK=""
}

ci_services_start() {
    ci_pg_start && ci_redis_start
}

ci_services_stop() {
    ci_redis_stop
    ci_pg_stop
}
