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
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
WARN="-Wall -Wextra -Wpedantic -Werror"
VK=alpha_vk.h
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
TMO=${QUICKSTART_TIMEOUT:-60}
# Every run builds in its own directory (runs may overlap): $BASE/quickstart.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed.
BASE=${ALPHA_CHECK_BUILD:-$ROOT/build/checks}
mkdir -p "$BASE" && B=$(mktemp -d "$BASE/quickstart.XXXXXX") || exit 1
passed=0; failed=0; skipped=0
trap '[ "$failed" -eq 0 ] && [ -z "$ALPHA_CHECK_KEEP" ] && rm -rf "$B"' EXIT
mkdir -p "$B/jobs" || exit 1

# ---- tiny job runner (as in check_compile.sh): job NAME <<EOF script EOF queues a check,
# run_jobs runs them CHECK_JOBS at a time under sh -e -x and prints results in queue order
njobs=0
job() {
    njobs=$((njobs + 1)); id=$(printf '%04d' "$njobs")
    printf '%s\n' "$1" >"$B/jobs/$id.name"
    cat >"$B/jobs/$id.sh"
}
show_log() {   # a failed job's output, indented; long ones shortened in the middle
    n=$(wc -l <"$1")
    if [ "$n" -le 40 ]; then sed 's/^/    /' "$1"
    else head -n 25 "$1" | sed 's/^/    /'; echo "    ... ($((n - 35)) more lines)"; tail -n 10 "$1" | sed 's/^/    /'; fi
}
run_jobs() {
    [ "$njobs" -gt 0 ] || return 0
    (cd "$B/jobs" && printf '%s\n' ./*.sh | xargs -n 1 -P "${CHECK_JOBS:-2}" \
        sh -c 'sh -e -x "$0" >"${0%.sh}.log" 2>&1; echo $? >"${0%.sh}.rc"')
    for f in "$B"/jobs/*.sh; do
        [ -f "$f" ] || continue
        base=${f%.sh}; name=$(cat "$base.name"); rc=$(cat "$base.rc" 2>/dev/null || echo 99)
        if [ "$rc" -eq 0 ]; then
            echo "ok   $name"; passed=$((passed + 1))
        else
            echo "FAIL $name"; failed=$((failed + 1))
            show_log "$base.log"
        fi
    done
}
summary() {
    [ "$skipped" -gt 0 ] && echo "($skipped skipped)"
    [ "$failed" -gt 0 ] && echo "(build files kept in $B)"
    echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit
}

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
