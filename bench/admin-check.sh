#!/bin/bash
# The check an admin could script by hand, run one probe after another (issue 10's comparison).
# MODE plain: a new ssh connection per probe. MODE master: OpenSSH ControlMaster, one multiplexed
# connection per node (opened by its first probe, kept for the rest, closed at the end).
# It does the same work as the wizard's check run, per node: log in (host key against a file), the
# facts (hostname, OS, clock, config present, free space, service status), read the config file (the
# encryption key and database settings), storage writable and a sentinel left, the database port and
# every peer's messenger port from the node, the sentinels of all nodes read back, the sentinel removed;
# from this computer: each node's /health and web port (curl), the load balancer and its /health
# (curl), the database login and its facts in one psql query.
# What it cannot match: it judges nothing (no parsing, no versions compared, no remedies), it trusts
# host keys on first use where the wizard compares pinned fingerprints, it asks no SQL Server (the lab
# runs PostgreSQL), and psql and curl are native code where the wizard's ssh2 ciphers are JavaScript.
# Remote scripts are constant, on stdin of `sh -s`; values follow as arguments (ssh joins them into the
# remote command line, so paths with spaces would need quoting: the lab's have none).
set -eu
: "${MODE:?plain or master}" "${KEY:?}" "${KNOWN_HOSTS:?}" "${CONFIG:?}" "${STORAGE:?}" "${DB_HOST:?}" "${DB_PORT:?}" \
  "${WEB_PORT:?}" "${MESSENGER_PORT:?}" "${LB_URL:?}" "${PG_CONNINFO:?}" "${PGPASSWORD:?}"
nodes=("$@")
ctl_dir=$(mktemp -d)
opts=(-i "$KEY" -o BatchMode=yes -o IdentitiesOnly=yes -o UserKnownHostsFile="$KNOWN_HOSTS" -o StrictHostKeyChecking=accept-new -o ConnectTimeout=5)
if [ "$MODE" = master ]; then opts+=(-o ControlMaster=auto -o ControlPath="$ctl_dir/%C" -o ControlPersist=60); fi
run() { local target=$1; shift; ssh "${opts[@]}" "$target" "$@"; }
sentinel="ha-admin-$$"
for target in "${nodes[@]}"; do
  host=${target#*@}
  run "$target" true
  run "$target" sh -s -- "$CONFIG" <<'SH' >/dev/null
hostname; . /etc/os-release 2>/dev/null; date -u +%s%3N; [ -f "$1" ] && echo present; df -Pk "$(dirname "$1")"
SH
  run "$target" cat -- "$CONFIG" >/dev/null
  run "$target" sh -s -- "$STORAGE" "$sentinel-$host" <<'SH'
set -C; echo x > "$1/$2" && df -Pk "$1" >/dev/null
SH
  run "$target" sh -s -- "$DB_HOST" "$DB_PORT" <<'SH'
timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$1" "$2"
SH
  peers=(); for p in "${nodes[@]}"; do [ "$p" != "$target" ] && peers+=("${p#*@}"); done
  run "$target" bash -s -- "$MESSENGER_PORT" "${peers[@]}" <<'SH' >/dev/null
port=$1; shift; for h in "$@"; do timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$h" "$port" & done; wait
SH
  curl -s -o /dev/null --max-time 5 "http://$host:$WEB_PORT/health"
  curl -s -o /dev/null --max-time 5 "http://$host:$WEB_PORT/"
done
for target in "${nodes[@]}"; do run "$target" sh -s -- "$STORAGE" <<<'ls -- "$1" >/dev/null'; done
curl -s -o /dev/null --max-time 5 "$LB_URL"
curl -s -o /dev/null --max-time 5 "${LB_URL%/}/health"
psql "$PG_CONNINFO" -XAtqc "SELECT version(), current_setting('server_version_num'), d.datname, pg_get_userbyid(d.datdba), current_user, pg_encoding_to_char(d.encoding), d.datcollate FROM pg_database d WHERE d.datname = current_database()" >/dev/null
for target in "${nodes[@]}"; do run "$target" sh -s -- "$STORAGE" "$sentinel-${target#*@}" <<<'rm -f -- "$1/$2"'; done
if [ "$MODE" = master ]; then for target in "${nodes[@]}"; do ssh "${opts[@]}" -O exit "$target" 2>/dev/null; done; fi
rm -rf "$ctl_dir"
