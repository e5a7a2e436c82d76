#!/bin/sh
# tests/check_readme.sh: the one-line builds in README.md work as written.
# Takes every line that starts with "cc " (or "c++ ") inside a ```sh (```shell, ```bash) code
# block of README.md (a leading "$ " prompt is ignored, lines ending in "\" are joined), keeps
# the build part (before the first &&, ;, or |), points its -o output into a build directory
# (adds one when missing) and runs it from the repository root: it must exit 0.
# Lines that need Vulkan (mention volk, VULKAN, alpha_vk or -ldl) are skipped where
# /usr/include/volk.h is missing. No README.md yet: "0 passed, 0 failed", exit 0.
# Environment: ALPHA_SRC (directory with README.md and the headers, default: repository root),
# ALPHA_CHECK_BUILD (default build/checks), CHECK_JOBS (default 2), ALPHA_VOLK_H.
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
README=$SRC/README.md
if [ ! -f "$README" ]; then echo "(no README.md yet)"; echo "0 passed, 0 failed"; exit 0; fi
# Every run builds in its own directory (runs may overlap): $BASE/readme.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed.
BASE=${ALPHA_CHECK_BUILD:-$ROOT/build/checks}
mkdir -p "$BASE" && B=$(mktemp -d "$BASE/readme.XXXXXX") || exit 1
passed=0; failed=0; skipped=0
trap '[ "$failed" -eq 0 ] && [ -z "$ALPHA_CHECK_KEEP" ] && rm -rf "$B"' EXIT
mkdir -p "$B/jobs" "$B/out" || exit 1

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

# "LINE<TAB>COMMAND" for every build line of a sh block
awk '
    /^[ \t]*```/ {
        if (fence) { fence = 0; sh = 0 }
        else { fence = 1; lang = $0; sub(/^[ \t]*```[ \t]*/, "", lang); sh = (lang ~ /^(sh|shell|bash)([ \t{].*)?$/) }
        next
    }
    !sh { next }
    cont != "" { l = $0; sub(/^[ \t]+/, "", l); cont = cont " " l; if (cont ~ /\\$/) { sub(/[ \t]*\\$/, "", cont); next } print start "\t" cont; cont = ""; next }
    {
        l = $0; sub(/^[ \t]*(\$[ \t]+)?/, "", l)
        if (l !~ /^(cc|c\+\+)[ \t]/) next
        if (l ~ /\\$/) { sub(/[ \t]*\\$/, "", l); cont = l; start = NR; next }
        print NR "\t" l
    }' "$README" >"$B/lines"

have_vk=0; [ -f "$VOLK_H" ] && have_vk=1
n=0
while IFS='	' read -r line cmd; do
    n=$((n + 1))
    build=$(printf '%s\n' "$cmd" | sed -E 's/[[:space:]]*(&&|;|\|).*$//')
    out="$B/out/line$line"
    if printf '%s\n' "$build" | grep -q -E '(^|[[:space:]])-o[[:space:]]*[^[:space:]]'; then
        build=$(printf '%s\n' "$build" | sed -E "s#(^|[[:space:]])-o[[:space:]]*[^[:space:]]+#\\1-o $out#")
    else
        build="$build -o $out"
    fi
    if [ $have_vk = 0 ] && printf '%s\n' "$cmd" | grep -q -i -E 'volk|vulkan|alpha_vk|-ldl'; then
        echo "skip README.md:$line: $cmd ($VOLK_H not found)"; skipped=$((skipped + 1)); continue
    fi
    job "README.md:$line: $cmd" <<EOF
cd "$SRC"
$build
EOF
done <"$B/lines"
run_jobs
[ $n -eq 0 ] && echo "(README.md has no cc lines in sh code blocks)"
summary
