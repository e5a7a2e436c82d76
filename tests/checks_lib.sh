# tests/checks_lib.sh: the job runner shared by tests/check_compile.sh, check_mingw.sh,
# check_quickstart.sh and check_readme.sh, which source it after setting ROOT:
#     . "$ROOT/tests/checks_lib.sh"
# Not a check itself (the Makefile runs every tests/check_*.sh), so not named check_*.sh.
# Plain POSIX sh. It defines functions only; the variables they set (B, BASE, passed, failed,
# skipped, njobs, id, ...) are the sourcing script's globals.
#
#   build_dir NAME [SUBDIR...]   the run's build directory B=$BASE/NAME.XXXXXX, with B/jobs and
#                                B/SUBDIR..., where BASE is $ALPHA_CHECK_BUILD (default
#                                $ROOT/build/checks); resets passed/failed/skipped/njobs; every
#                                run builds in its own directory (runs may overlap), removed at
#                                exit when all checks passed (and ALPHA_CHECK_KEEP is unset),
#                                kept and named in the output when one failed
#   job NAME <<EOF script EOF    queues a check (its number is left in $id)
#   run_jobs                     runs them CHECK_JOBS (default 2) at a time, each under
#                                sh -e -x so a log shows the failing command, and prints
#                                "ok   NAME" / "FAIL NAME" + the log in queue order
#   skip MESSAGE                 prints "skip MESSAGE", counts a skipped check
#   summary                      prints the counts and "N passed, N failed", exits 0 iff none failed
#   macro_of alpha_NAME.h        prints ALPHA_NAME_IMPLEMENTATION

build_dir() {
    BASE=${ALPHA_CHECK_BUILD:-$ROOT/build/checks}
    mkdir -p "$BASE" && B=$(mktemp -d "$BASE/$1.XXXXXX") || exit 1
    passed=0; failed=0; skipped=0; njobs=0
    trap '[ "$failed" -eq 0 ] && [ -z "$ALPHA_CHECK_KEEP" ] && rm -rf "$B"' EXIT
    mkdir -p "$B/jobs" || exit 1
    shift
    while [ $# -gt 0 ]; do mkdir -p "$B/$1" || exit 1; shift; done
}
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
skip() { echo "skip $1"; skipped=$((skipped + 1)); }
summary() {
    [ "$skipped" -gt 0 ] && echo "($skipped skipped)"
    [ "$failed" -gt 0 ] && echo "(build files kept in $B)"
    echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit
}
macro_of() { n=${1#alpha_}; n=${n%.h}; echo "ALPHA_$(echo "$n" | tr 'a-z' 'A-Z')_IMPLEMENTATION"; }
