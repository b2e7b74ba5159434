/**
 * Fixed sh scripts for upgrading a Docker Compose node. Values reach them only as positional parameters
 * (posixScript: on stdin of a fixed `sh -s`), never spliced into the text. Each prints `key<TAB>value` lines
 * (nodes/posix-scripts.ts parseKeyValues). Only these Docker commands are used: compose pull, up -d, stop,
 * run --rm SERVICE upgradedb, and image inspect.
 */

/** $1 docker program, $2 compose file, $3 service, $4 action (pull | up | stop | upgradedb). Exit code and output tail. */
export const COMPOSE_ACTION = String.raw`
if ! command -v -- "$1" >/dev/null 2>&1; then printf 'exit\tmissing\n'; exit 0; fi
case "$4" in
  pull) out=$("$1" compose -f "$2" pull "$3" 2>&1) ;;
  up) out=$("$1" compose -f "$2" up -d "$3" 2>&1) ;;
  stop) out=$("$1" compose -f "$2" stop "$3" 2>&1) ;;
  upgradedb) out=$("$1" compose -f "$2" run --rm "$3" upgradedb 2>&1) ;;
  *) printf 'exit\tbad-action\n'; exit 0 ;;
esac
code=$?
printf 'exit\t%s\n' "$code"
printf '%s\n' "$out" | tail -n 20 | sed 's/^/output\t/'
`;

/** $1 docker program, $2 image:tag. Whether docker is there and the image is present on this server. */
export const IMAGE_PRESENT = String.raw`
if ! command -v -- "$1" >/dev/null 2>&1; then printf 'docker\tmissing\n'; exit 0; fi
printf 'docker\tpresent\n'
if "$1" image inspect "$2" >/dev/null 2>&1; then printf 'image\tpresent\n'; else printf 'image\tabsent\n'; fi
`;

/** $1 a path. Free bytes on the file system that holds it (or its nearest existing parent). */
export const FREE_BYTES = String.raw`
dir=$1
while [ ! -d "$dir" ] && [ "$dir" != / ] && [ "$dir" != . ]; do dir=$(dirname -- "$dir"); done
printf 'freeBytes\t%s\n' "$(df -Pk -- "$dir" 2>/dev/null | awk 'NR==2 { printf "%.0f", $4 * 1024 }')"
`;

/**
 * $1 the backup folder to create (its parents are created as needed): the folder itself must be new, made
 * owner-only, so nothing can be planted in it before the copies land.
 */
export const MAKE_BACKUP_DIR = String.raw`
parent=$(dirname -- "$1")
if ! mkdir -p -- "$parent" 2>/dev/null; then printf 'error\tcannot create the folder %s\n' "$parent"; exit 0; fi
if [ -e "$1" ] || [ -L "$1" ]; then printf 'error\t%s already exists; the wizard backs up only into a folder it creates\n' "$1"; exit 0; fi
if ! mkdir -m 700 -- "$1" 2>/dev/null; then printf 'error\tcannot create the folder %s\n' "$1"; exit 0; fi
printf 'created\t%s\n' "$1"
`;

/**
 * The listing a folder is hashed by: every directory and file (with its sha256 and size), sorted, paths relative.
 * Prints `sha256` of that listing, total `bytes` and `files`. Refuses a folder holding a symbolic link or
 * anything but files and folders: a copy never follows a link.
 */
const FOLDER_DIGEST = String.raw`
digest() {
  ( cd -- "$1" || exit 1
    find . -type d -print0 | LC_ALL=C sort -z | tr '\0' '\n' | sed 's/^/d /'
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --
  ) | sha256sum | cut -c1-64
}
size() {
  ( cd -- "$1" && find . -type f -print0 | xargs -0 -r stat -c %s -- | awk '{ s += $1 } END { printf "%.0f", s }' )
}
odd() {
  find "$1" ! -type f ! -type d -print 2>/dev/null | head -n 1
}
`;

/** $1 folder, $2 copy to create (must not exist). `folder missing` when there is nothing to copy. */
export const COPY_FOLDER = String.raw`${FOLDER_DIGEST}
if [ -L "$1" ]; then printf 'error\trefused: %s is a symbolic link; the wizard copies no links\n' "$1"; exit 0; fi
if [ ! -d "$1" ]; then printf 'folder\tmissing\n'; exit 0; fi
bad=$(odd "$1")
if [ -n "$bad" ]; then printf 'error\trefused: %s is a symbolic link or special file; the wizard copies no links\n' "$bad"; exit 0; fi
if [ -e "$2" ] || [ -L "$2" ]; then printf 'error\t%s already exists\n' "$2"; exit 0; fi
if ! out=$(mkdir -- "$2" 2>&1 && cp -R -P -p -- "$1"/. "$2"/ 2>&1); then printf 'error\tcopying %s failed: %s\n' "$1" "$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"; exit 0; fi
printf 'folder\tcopied\n'
printf 'sha256\t%s\n' "$(digest "$2")"
printf 'bytes\t%s\n' "$(size "$2")"
printf 'source\t%s\n' "$(digest "$1")"
`;

/** $1 folder. Its digest and size (for verify), or `folder missing`. */
export const FOLDER_DIGEST_OF = String.raw`${FOLDER_DIGEST}
if [ -L "$1" ] || [ ! -d "$1" ]; then printf 'folder\tmissing\n'; exit 0; fi
bad=$(odd "$1")
if [ -n "$bad" ]; then printf 'error\t%s is a symbolic link or special file\n' "$bad"; exit 0; fi
printf 'folder\tpresent\n'
printf 'sha256\t%s\n' "$(digest "$1")"
printf 'bytes\t%s\n' "$(size "$1")"
`;

/**
 * $1 folder to put back, $2 its backup, $3 a random suffix. The folder now there is moved aside (renamed, never
 * written into), the backup copied in its place and checked against `$4`, the backup's digest; only then is the
 * moved-aside folder removed (rm never follows a link). On any failure the aside folder is left and named.
 */
export const RESTORE_FOLDER = String.raw`${FOLDER_DIGEST}
aside="$1.ha-wizard-replaced-$3"
if [ -e "$1" ] || [ -L "$1" ]; then
  if ! mv -- "$1" "$aside" 2>/dev/null; then printf 'error\tcannot move %s aside\n' "$1"; exit 0; fi
fi
if ! out=$(mkdir -- "$1" 2>&1 && cp -R -P -p -- "$2"/. "$1"/ 2>&1); then printf 'error\tcopying the backup into %s failed (the folder that was there is %s): %s\n' "$1" "$aside" "$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"; exit 0; fi
got=$(digest "$1")
if [ "$got" != "$4" ]; then printf 'error\t%s does not match its backup after the copy (the folder that was there is %s)\n' "$1" "$aside"; exit 0; fi
if [ -e "$aside" ] || [ -L "$aside" ]; then rm -rf -- "$aside"; fi
printf 'restored\t%s\n' "$got"
`;
