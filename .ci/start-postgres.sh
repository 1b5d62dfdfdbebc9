# shellcheck shell=bash
# Sourced by .ci/run: starts a throwaway PostgreSQL server from Debian's packages on 127.0.0.1 and
# exports WASMUDF_TEST_PG_URL for the real-server tests. Idempotent: sourcing it again reuses the
# running server. The cluster lives in a temp dir owned by the `postgres` OS user; nothing is
# stopped on exit (the CI machine is discarded), and a stale postmaster.pid from a killed server
# is removed before a restart.
#
#   WASMUDF_PG_PORT   port to use (default: first free port from 55432)
#   WASMUDF_PG_DIR    cluster directory (default: ${TMPDIR:-/tmp}/wasmudf-pg)
#
# Standalone check:  bash -c 'source .ci/start-postgres.sh && psql "$WASMUDF_TEST_PG_PSQL" -c "select version()"'

_wasmudf_pg_main() {
  local dir="${WASMUDF_PG_DIR:-${TMPDIR:-/tmp}/wasmudf-pg}"
  local data="$dir/data" bindir="" port="" sudo_pg=() f

  _wasmudf_pg_bindir() {
    local c
    for c in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
      if [ -x "$c/initdb" ] && [ -x "$c/pg_ctl" ] && [ -x "$c/postgres" ]; then echo "$c"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
      dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
    fi
    return 1
  }

  bindir="$(_wasmudf_pg_bindir)" || {
    if [ "$(id -u)" != 0 ]; then
      echo "start-postgres: no PostgreSQL server binaries and not root; cannot install them" >&2; return 1
    fi
    echo "start-postgres: installing PostgreSQL from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 && apt-get install -y -q --no-install-recommends postgresql >&2 || return 1
    bindir="$(_wasmudf_pg_bindir)" || { echo "start-postgres: initdb/pg_ctl not found after install" >&2; return 1; }
  }

  # Who runs the server: the postgres OS user when we are root (PostgreSQL refuses to run as root).
  if [ "$(id -u)" = 0 ]; then
    if ! getent passwd postgres >/dev/null; then
      useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1
    fi
    if command -v runuser >/dev/null 2>&1; then sudo_pg=(runuser -u postgres --); else sudo_pg=(su postgres -s /bin/sh -c); fi
  fi
  _pg() { if [ "${#sudo_pg[@]}" -eq 0 ]; then "$@"; elif [ "${sudo_pg[0]}" = runuser ]; then "${sudo_pg[@]}" "$@"; else "${sudo_pg[@]}" "$(printf '%q ' "$@")"; fi; }

  mkdir -p "$dir" || return 1
  chmod 755 "$dir"
  [ "${#sudo_pg[@]}" -gt 0 ] && chown postgres: "$dir"

  if [ ! -s "$data/PG_VERSION" ]; then
    rm -rf "$data"
    _pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || _pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi

  # Already running from an earlier source? Reuse it.
  if [ -s "$dir/port" ] && [ -s "$data/postmaster.pid" ] \
      && "$bindir/pg_isready" -q -U postgres -d postgres -h 127.0.0.1 -p "$(cat "$dir/port")" -t 5; then
    port="$(cat "$dir/port")"
  else
    # A killed server leaves postmaster.pid behind (its pid may even linger as an unreaped zombie,
    # which fools `pg_ctl status`); the server is not answering, so the file is stale: drop it.
    rm -f "$data/postmaster.pid" "$dir"/.s.PGSQL.*
    port="${WASMUDF_PG_PORT:-}"
    if [ -z "$port" ]; then
      for f in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$f") 2>/dev/null; then port="$f"; break; fi
      done
    fi
    [ -n "$port" ] || { echo "start-postgres: no free port" >&2; return 1; }
    _pg "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c max_connections=60" start >&2 \
      || { tail -n 30 "$dir/server.log" >&2; return 1; }
    echo "$port" > "$dir/port"
  fi

  if ! _pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
      "select 1 from pg_database where datname='wasmudf'" | grep -q 1; then
    _pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres wasmudf || return 1
  fi

  export WASMUDF_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/wasmudf?user=postgres"
  export WASMUDF_TEST_PG_PSQL="postgresql://postgres@127.0.0.1:$port/wasmudf"
  echo "start-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; WASMUDF_TEST_PG_URL=$WASMUDF_TEST_PG_URL" >&2
}

_wasmudf_pg_main
_wasmudf_pg_rc=$?
unset -f _wasmudf_pg_main _wasmudf_pg_bindir _pg
if [ "$_wasmudf_pg_rc" != 0 ]; then
  unset _wasmudf_pg_rc
  echo "start-postgres: failed (see ${WASMUDF_PG_DIR:-${TMPDIR:-/tmp}/wasmudf-pg}/server.log)" >&2
  return 1 2>/dev/null || exit 1
fi
unset _wasmudf_pg_rc
