#!/bin/sh
# tests/check_symbols.sh: what the alpha implementation exports to the linker.
# Builds one object with every implementation (#define ALPHA_IMPLEMENTATION + every alpha_*.h;
# alpha_vk.h with ALPHA_VULKAN only where /usr/include/volk.h exists), once as C (gcc -std=c99)
# and once as C++ (gcc -x c++ -std=c++17), and checks with nm:
#   - every defined external symbol starts with alpha_ (C object);
#   - no private helper (alpha__*) is external: helpers must be static;
#   - no mutable globals (.data/.bss/common symbols, static ones included);
#   - the C++ object exports the same unmangled alpha_ names (declarations in extern "C");
#     weak instances of std:: templates that <cmath> brings in are ignored.
# Warnings are check_compile.sh's business: these objects are built without -Werror.
# Environment: ALPHA_SRC (headers directory, default: repository root), ALPHA_CHECK_BUILD
# (default build/checks), ALPHA_VOLK_H (default /usr/include/volk.h).
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
VK=alpha_vk.h
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
# Every run builds in its own directory (runs may overlap): $BASE/symbols.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed.
BASE=${ALPHA_CHECK_BUILD:-$ROOT/build/checks}
mkdir -p "$BASE" && B=$(mktemp -d "$BASE/symbols.XXXXXX") || exit 1
passed=0; failed=0; skipped=0
trap '[ "$failed" -eq 0 ] && [ -z "$ALPHA_CHECK_KEEP" ] && rm -rf "$B"' EXIT

ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() {   # fail NAME [FILE-WITH-DETAILS]
    echo "FAIL $1"; failed=$((failed + 1))
    [ -n "$2" ] && head -n 40 "$2" | sed 's/^/    /'
    return 0
}
summary() {
    [ "$skipped" -gt 0 ] && echo "($skipped skipped)"
    [ "$failed" -gt 0 ] && echo "(build files kept in $B)"
    echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit
}

HEADERS=$(cd "$SRC" && ls alpha_*.h 2>/dev/null)
if [ -z "$HEADERS" ]; then fail "headers: no alpha_*.h in $SRC"; summary; fi
for tool in nm objdump; do
    command -v $tool >/dev/null 2>&1 || { fail "$tool not installed (Debian package binutils)"; summary; }
done
use_vk=0
if [ -f "$SRC/$VK" ]; then
    if [ -f "$VOLK_H" ]; then use_vk=1
    else echo "skip $VK: $VOLK_H not found (Debian: libvulkan-volk-dev libvulkan-dev)"; skipped=1; fi
fi
{
    [ $use_vk = 1 ] && echo "#define ALPHA_VULKAN"
    echo "#define ALPHA_IMPLEMENTATION"
    for h in $HEADERS; do
        [ "$h" = "$VK" ] && [ $use_vk = 0 ] && continue
        echo "#include \"$h\""
    done
} >"$B/all.c"

# Both objects at once (two compiles in parallel).
gcc -std=c99 -O0 -w -I"$SRC" -c "$B/all.c" -o "$B/all_c.o" >"$B/c.log" 2>&1 &
pid=$!
gcc -x c++ -std=c++17 -O0 -w -I"$SRC" -c "$B/all.c" -o "$B/all_cpp.o" >"$B/cpp.log" 2>&1
rc_cpp=$?
wait $pid; rc_c=$?

names() { awk 'NF >= 3 { print $3 }' "$1"; }
if [ $rc_c -ne 0 ]; then
    fail "C object with every implementation compiles (gcc -std=c99)" "$B/c.log"
else
    nm -g --defined-only "$B/all_c.o" >"$B/c.ext"
    objdump -t "$B/all_c.o" >"$B/c.objdump"
    if [ "$(names "$B/c.ext" | grep -c '^alpha_')" -eq 0 ]; then
        fail "C object defines alpha_ functions (implementation was compiled)" "$B/c.ext"
    else
        ok "C object defines alpha_ functions ($(names "$B/c.ext" | wc -l | tr -d ' ') exported)"
    fi
    awk 'NF >= 3 && $3 !~ /^alpha_/ { print $2, $3 }' "$B/c.ext" >"$B/bad_prefix"
    if [ -s "$B/bad_prefix" ]; then
        { echo "exported symbols without the alpha_ prefix (type name):"; cat "$B/bad_prefix"; } >"$B/d"
        fail "C: every exported symbol starts with alpha_" "$B/d"
    else
        ok "C: every exported symbol starts with alpha_"
    fi
    awk 'NF >= 3 && $3 ~ /^alpha__/ { print $2, $3 }' "$B/c.ext" >"$B/bad_private"
    if [ -s "$B/bad_private" ]; then
        { echo "private helpers (alpha__*) must be static, but these are external:"; cat "$B/bad_private"; } >"$B/d"
        fail "C: no private alpha__ helper is exported" "$B/d"
    else
        ok "C: no private alpha__ helper is exported"
    fi
    # Data objects in writable sections (.data, .bss, thread-local, common); .data.rel.ro is
    # read-only after relocation (const tables of pointers live there).
    awk '/ O (\.data|\.bss|\.tdata|\.tbss|\*COM\*)/ && !/ O \.data\.rel\.ro/ { print }' \
        "$B/c.objdump" >"$B/bad_globals"
    if [ -s "$B/bad_globals" ]; then
        { echo "writable global or static data (objdump -t; static locals show as name.N):"; cat "$B/bad_globals"; } >"$B/d"
        fail "C: no mutable globals" "$B/d"
    else
        ok "C: no mutable globals"
    fi
fi

if [ $rc_cpp -ne 0 ]; then
    fail "C++ object with every implementation compiles (gcc -x c++ -std=c++17)" "$B/cpp.log"
else
    # Weak instances of standard library templates (std::pow<float, double> from <cmath>
    # overloads, ...) are the C++ library's, merged by the linker: not ours to check.
    nm -g --defined-only "$B/all_cpp.o" | grep -v -E ' _ZN?K?(St|9__gnu_cxx)' >"$B/cpp.ext"
    awk 'NF >= 3 && $3 !~ /^alpha_/ { print $2, $3 }' "$B/cpp.ext" >"$B/bad_cpp"
    if [ -s "$B/bad_cpp" ]; then
        {
            echo "exported symbols that are not unmangled alpha_ names (outside extern \"C\"?):"
            if command -v c++filt >/dev/null 2>&1; then
                while read -r t n; do echo "$t $n = $(echo "$n" | c++filt)"; done <"$B/bad_cpp"
            else cat "$B/bad_cpp"; fi
        } >"$B/d"
        fail "C++: every exported symbol is an unmangled alpha_ name" "$B/d"
    else
        ok "C++: every exported symbol is an unmangled alpha_ name"
    fi
    if [ $rc_c -eq 0 ]; then
        names "$B/c.ext" | sort >"$B/c.names"; names "$B/cpp.ext" | sort >"$B/cpp.names"
        if diff "$B/c.names" "$B/cpp.names" >"$B/names.diff"; then
            ok "C++ object exports the same names as the C object"
        else
            { echo "< only in the C object, > only in the C++ object:"; cat "$B/names.diff"; } >"$B/d"
            fail "C++ object exports the same names as the C object" "$B/d"
        fi
    fi
fi
summary
