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
. "$ROOT/tests/checks_lib.sh"
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
README=$SRC/README.md
if [ ! -f "$README" ]; then echo "(no README.md yet)"; echo "0 passed, 0 failed"; exit 0; fi
# Every run builds in its own directory (runs may overlap): $BASE/readme.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed (build_dir: checks_lib.sh).
build_dir readme out

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
