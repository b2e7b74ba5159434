/**
 * Fixed POSIX sh scripts run on the balancer's host (through posixScript(): values only as positional
 * parameters, never spliced into the text). Each prints `key<TAB>value` lines.
 */

/**
 * Installs a new balancer config: $1 nginx|haproxy, $2 the config path, $3 the new file (already
 * uploaded next to it), $4 the backup path. The new file is validated before anything changes; the
 * old one is copied to the backup; the new content is written over the old (keeping its owner, mode
 * and any symbolic link), validated again where it lives and reloaded gracefully. Any failure after the
 * copy puts the backup's content back, so a bad config never replaces the running one.
 *
 * Reload: nginx `-s reload` (old workers finish their requests); HAProxy `systemctl reload haproxy`
 * when systemd runs it from /etc/haproxy/haproxy.cfg, else the pid-file way: a new process told to take
 * over from the old ones (-sf), with the listening sockets handed over (-x) when the admin socket
 * allows it (`expose-fd listeners`), so no connection is refused meanwhile.
 */
export const INSTALL_CONFIG = String.raw`
kind=$1; cfg=$2; new=$3; backup=$4
# A login that is not root has no sbin on its PATH, where both balancers install.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin; export PATH
check() {
  if [ "$kind" = nginx ]; then nginx -t -q -c "$1"; else haproxy -c -q -f "$1"; fi
}
reload() {
  if [ "$kind" = nginx ]; then nginx -s reload -c "$cfg"; return; fi
  if [ "$cfg" = /etc/haproxy/haproxy.cfg ] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet haproxy 2>/dev/null; then
    systemctl reload haproxy; return
  fi
  pidfile=$(awk '$1 == "pidfile" { print $2; exit }' "$cfg")
  if [ -z "$pidfile" ] || [ ! -s "$pidfile" ]; then
    echo "HAProxy is not run by systemd from /etc/haproxy/haproxy.cfg, and this config names no pid file of a running HAProxy (global: pidfile)"; return 1
  fi
  sock=$(awk '$1 == "stats" && $2 == "socket" && / expose-fd listeners/ { print $3; exit }' "$cfg")
  # shellcheck disable=SC2046 # the pid file holds one pid per line, each its own argument
  if [ -n "$sock" ]; then haproxy -D -f "$cfg" -p "$pidfile" -x "$sock" -sf $(cat "$pidfile")
  else haproxy -D -f "$cfg" -p "$pidfile" -sf $(cat "$pidfile"); fi
}
say() { printf 'result\t%s\n' "$1"; printf '%s\n' "$2" | tail -n 8 | sed '/^$/d; s/^/output\t/'; }
if ! command -v "$kind" >/dev/null 2>&1; then rm -f -- "$new"; say missing "$kind is not on this login's PATH"; exit 0; fi
if ! out=$(check "$new" 2>&1); then rm -f -- "$new"; say invalid "$out"; exit 0; fi
if ! out=$(cp -p -- "$cfg" "$backup" 2>&1); then rm -f -- "$new"; say no-backup "$out"; exit 0; fi
printf 'backup\t%s\n' "$backup"
if ! out=$(cat -- "$new" 2>&1 > "$cfg"); then cat -- "$backup" > "$cfg"; rm -f -- "$new"; say not-written "$out"; exit 0; fi
rm -f -- "$new"
if ! out=$(check "$cfg" 2>&1); then cat -- "$backup" > "$cfg"; say invalid-restored "$out"; exit 0; fi
if ! out=$(reload 2>&1); then
  cat -- "$backup" > "$cfg"
  again=$(reload 2>&1) || again="the old config could not be reloaded either: $again"
  say reload-failed "$out
$again"; exit 0
fi
say ok "$out"
`;

/** $1 the admin socket, $2 one runtime API command: for a host where SSH forwarding to a socket is off. */
export const SOCAT_COMMAND = String.raw`
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin; export PATH
if ! command -v socat >/dev/null 2>&1; then printf 'error\tsocat is not installed\n'; exit 0; fi
printf '%s\n' "$2" | socat -t 5 stdio "unix-connect:$1" | sed 's/^/line\t/'
printf 'done\ttrue\n'
`;
