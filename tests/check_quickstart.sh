#!/bin/sh
# tests/check_quickstart.sh: the QUICK START program of every alpha_*.h builds and runs.
# The program is taken from the header's top comment: the lines between a line that is exactly
# "   ```c" and the next line that is exactly "   ```", with 3 leading spaces removed.
# A header without one fails. Each is compiled as C99 with gcc -Wall -Wextra -Wpedantic -Werror
# -I<headers> ... -lm -lpthread and run in an empty directory; it must exit 0 within 60 s.
# alpha_vk.h (needs volk: Debian libvulkan-volk-dev libvulkan-dev) is compiled and linked with
# -ldl but not run (no Vulkan device is assumed); without /usr/include/volk.h it is skipped.
# Environment: ALPHA_SRC (headers directory, default: repository root), ALPHA_CHECK_BUILD
# (default build/checks), CHECK_JOBS (parallel jobs, default 2), ALPHA_VOLK_H,
# QUICKSTART_TIMEOUT (seconds, default 60).
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
. "$ROOT/tests/checks_lib.sh"
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
WARN="-Wall -Wextra -Wpedantic -Werror"
VK=alpha_vk.h
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
TMO=${QUICKSTART_TIMEOUT:-60}
# Every run builds in its own directory (runs may overlap): $BASE/quickstart.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed (build_dir: checks_lib.sh).
build_dir quickstart

# extract HEADER: prints the quick start; exit 2 = none in the top comment, 3 = not closed
extract() {
    awk '
        state == 0 && $0 == "   ```c" { state = 1; next }
        state == 1 && $0 == "   ```"  { state = 2; exit }
        state == 1 { if (substr($0, 1, 3) == "   ") $0 = substr($0, 4); else sub(/^ +/, ""); print; next }
        index($0, "*/") { exit }
        END { exit(state == 2 ? 0 : state == 1 ? 3 : 2) }' "$1"
}

HEADERS=$(cd "$SRC" && ls alpha_*.h 2>/dev/null)
if [ -z "$HEADERS" ]; then echo "FAIL headers: no alpha_*.h in $SRC"; failed=1; summary; fi
for h in $HEADERS; do
    t=${h%.h}; d=$B/$t; mkdir -p "$d/run"
    extract "$SRC/$h" >"$d/quickstart.c"; rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $h quick start"; failed=$((failed + 1))
        if [ $rc -eq 3 ]; then echo '    the "   ```c" block in the top comment has no closing "   ```" line'
        else echo '    no QUICK START program in the top comment (a line "   ```c", the program, a line "   ```")'; fi
        continue
    fi
    if [ "$h" = "$VK" ]; then
        if [ ! -f "$VOLK_H" ]; then
            echo "skip $h quick start: $VOLK_H not found (Debian: libvulkan-volk-dev libvulkan-dev)"
            skipped=$((skipped + 1)); continue
        fi
        job "$h quick start compiles and links (C99, -ldl; not run: needs a Vulkan device)" <<EOF
gcc -std=c99 $WARN -O2 -I"$SRC" "$d/quickstart.c" -o "$d/quickstart" -lm -lpthread -ldl
EOF
        continue
    fi
    job "$h quick start compiles (C99) and runs" <<EOF
gcc -std=c99 $WARN -O2 -I"$SRC" "$d/quickstart.c" -o "$d/quickstart" -lm -lpthread
set +x
cd "$d/run"
echo "+ (in $d/run) timeout $TMO $d/quickstart"
rc=0; timeout $TMO "$d/quickstart" >"$d/output" 2>&1 || rc=\$?
cat "$d/output"
[ \$rc -ne 124 ] || { echo "timed out after $TMO s"; exit 1; }
[ \$rc -eq 0 ] || { echo "exited with status \$rc"; exit 1; }
EOF
done
run_jobs
summary
