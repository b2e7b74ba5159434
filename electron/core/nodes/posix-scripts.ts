/**
 * Fixed POSIX sh scripts for Linux/Docker nodes. Values reach them only as positional parameters
 * ("$1"...), through posixScript() (on stdin of a fixed `sh -s`): never spliced into the text. Each prints
 * `key<TAB>value` lines.
 */

/** $1 config path, $2 service command ('' for none). */
export const INVENTORY = String.raw`
printf 'hostname\t%s\n' "$(hostname 2>/dev/null || cat /etc/hostname)"
os=$( (. /etc/os-release 2>/dev/null && printf '%s' "$PRETTY_NAME") || uname -s)
printf 'os\t%s\n' "$os"
# Milliseconds where date knows %N (GNU); whole seconds elsewhere (busybox prints %N literally).
ms=$(date -u +%s%3N 2>/dev/null)
case "$ms" in ''|*[!0-9]*) ms=$(( $(date -u +%s) * 1000 )) ;; esac
printf 'epochMs\t%s\n' "$ms"
if [ -f "$1" ]; then printf 'config\tpresent\n'; else printf 'config\tmissing\n'; fi
dir=$(dirname -- "$1")
while [ ! -d "$dir" ] && [ "$dir" != / ]; do dir=$(dirname -- "$dir"); done
printf 'freeBytes\t%s\n' "$(df -Pk -- "$dir" 2>/dev/null | awk 'NR==2 { printf "%.0f", $4 * 1024 }')"
if [ -n "$2" ]; then
  if [ -x "$2" ] || command -v -- "$2" >/dev/null 2>&1; then
    "$2" status >/dev/null 2>&1
    printf 'serviceExit\t%s\n' "$?"
  else
    printf 'serviceExit\tmissing\n'
  fi
fi
`;

/**
 * $1 host, $2 port, $3 timeout in whole seconds. Uses bash's /dev/tcp (no netcat needed). The error is
 * all bash said: its last line alone is "Invalid argument" when the name did not resolve (network-failure.ts reads it).
 */
export const TEST_TCP = String.raw`
if ! command -v bash >/dev/null 2>&1; then printf 'error\tbash is not installed\n'; exit 0; fi
out=$(timeout "$3" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$1" "$2" 2>&1)
code=$?
if [ $code -eq 0 ]; then printf 'reachable\ttrue\n'
elif [ $code -eq 124 ]; then printf 'reachable\tfalse\nerror\ttimed out after %s s\n' "$3"
else printf 'reachable\tfalse\nerror\t%s\n' "$(printf '%s' "$out" | sed 's/^probe: //; s/^line [0-9]*: //' | tr '\n' ' ')"
fi
`;

/**
 * $1 timeout in whole seconds, then host port pairs. Probes them all at once; prints
 * `target<TAB>host:port<TAB>ok|error` for each that answered, then `done`. One bash under one timeout
 * for every target, each in a forked subshell: a timeout and a bash started per target were 18 programs
 * per node for 9 peers, on servers that the check run keeps busy (issue 10). A target still connecting
 * when the timeout fires prints nothing: it timed out (node-ops.ts says so).
 */
export const TEST_TCP_MANY = String.raw`
if ! command -v bash >/dev/null 2>&1; then printf 'error\tbash is not installed\n'; exit 0; fi
t=$1; shift
timeout "$t" bash -s -- "$@" <<'PROBE'
shopt -s extglob
while [ $# -ge 2 ]; do
  ( if out=$( { exec 3<>"/dev/tcp/$1/$2"; } 2>&1 ); then r=ok
    else r=${'$'}{out//$'\n'/ }; r=${'$'}{r//bash: /}; r=${'$'}{r//line +([0-9]): /}; fi
    printf 'target\t%s:%s\t%s\n' "$1" "$2" "$r" ) &
  shift 2
done
wait
PROBE
printf 'done\ttrue\n'
`;

/**
 * $1 path, $2 probe file name, $3 sentinel file name ('' for none), $4 its content. Exists, writable
 * (write + delete a probe file), free bytes, identity; when writable, also leaves the sentinel, which
 * saves the cross-node storage check a round trip. Files are only ever created new: `set -C` opens
 * with O_EXCL where nothing exists, and a name that exists (a symbolic link included) is refused
 * first, so nothing planted there is ever written through.
 */
export const STORAGE_PROBE = String.raw`
set -C
printf 'identity\t%s\n' "$(id -un)"
if [ ! -e "$1" ]; then printf 'exists\tfalse\n'; exit 0; fi
if [ ! -d "$1" ]; then printf 'exists\ttrue\nisDirectory\tfalse\n'; exit 0; fi
printf 'exists\ttrue\nisDirectory\ttrue\n'
fresh() { ! [ -e "$1" ] && ! [ -L "$1" ]; }
if out=$( (fresh "$1/$2" || { echo "$1/$2 already exists"; exit 1; }; printf probe > "$1/$2" && rm -f -- "$1/$2") 2>&1); then
  printf 'writable\ttrue\n'
  if [ -n "$3" ]; then
    if ! fresh "$1/$3"; then printf 'sentinel\trefused\n'
    elif (printf '%s' "$4" > "$1/$3") 2>/dev/null; then printf 'sentinel\twritten\n'; fi
  fi
else printf 'writable\tfalse\nerror\t%s\n' "$(printf '%s' "$out" | tr '\n' ' ')"; fi
printf 'freeBytes\t%s\n' "$(df -Pk -- "$1" 2>/dev/null | awk 'NR==2 { printf "%.0f", $4 * 1024 }')"
`;

/**
 * $1 directory, $2 file-name prefix. Lists matching files as `sentinel<TAB>name<TAB>first line`.
 * Builtins only (no basename/head per file): with ten nodes that is hundreds of forks saved. A
 * symbolic link is skipped, never read through (it could point at any file the login may read).
 */
export const READ_SENTINELS = String.raw`
for f in "$1"/"$2"*; do
  [ -f "$f" ] && ! [ -L "$f" ] || continue
  c=''
  IFS= read -r c < "$f" || true
  printf 'sentinel\t%s\t%s\n' "${'$'}{f##*/}" "$c"
done
printf 'done\ttrue\n'
`;

/** $1 directory, $2 file-name prefix. rm removes a symbolic link itself, never what it points at. */
export const REMOVE_SENTINELS = String.raw`
for f in "$1"/"$2"*; do if [ -f "$f" ] || [ -L "$f" ]; then rm -f -- "$f"; fi; done
printf 'done\ttrue\n'
`;

/** $1 service command, $2 action. */
export const SERVICE_ACTION = String.raw`
out=$("$1" "$2" 2>&1)
code=$?
printf 'exit\t%s\n' "$code"
printf '%s\n' "$out" | tail -n 5 | sed 's/^/output\t/'
`;

/** Parses `key<TAB>value` lines; repeated keys are collected in `all`. */
export function parseKeyValues(stdout: string): { get(key: string): string | undefined; all(key: string): string[] } {
  const pairs = stdout.split('\n').filter(Boolean).map((l) => {
    const tab = l.indexOf('\t');
    return tab < 0 ? [l, ''] : [l.slice(0, tab), l.slice(tab + 1)];
  });
  return {
    get: (key) => pairs.find(([k]) => k === key)?.[1],
    all: (key) => pairs.filter(([k]) => k === key).map(([, v]) => v ?? ''),
  };
}
