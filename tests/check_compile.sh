#!/bin/sh
# tests/check_compile.sh: the compile matrix of the alpha headers.
#   - every alpha_*.h alone with its own ALPHA_<NAME>_IMPLEMENTATION, and all headers in one TU
#     with ALPHA_IMPLEMENTATION, each as C99, C11 and C++17, with gcc and clang,
#     -Wall -Wextra -Wpedantic -Werror (gcc: -c -O0, as gcc reports unused static functions
#     only when it generates code; clang: -fsyntax-only, its warnings all come from the front
#     end; -O2 builds with gcc are what the Makefile's test builds do);
#   - include order: a declaration-only include, then the implementation include, then the
#     same header again, in one TU, must compile and define the same symbols as a plain
#     #define ALPHA_IMPLEMENTATION + include (per header, and for all headers together);
#   - ALPHA_STATIC: two TUs that both contain every implementation link into one program
#     that runs, and each object exports nothing but its own function.
# alpha_vk.h needs volk (Debian: libvulkan-volk-dev libvulkan-dev) and ALPHA_VULKAN; without
# /usr/include/volk.h its checks are reported as skipped, not failed.
# Environment: ALPHA_SRC (directory with the headers, default: the repository root),
# ALPHA_CHECK_BUILD (build directory, default build/checks), CHECK_JOBS (parallel compiles, 2),
# ALPHA_VOLK_H (volk header to look for, default /usr/include/volk.h).
# Prints "ok   <check>" / "FAIL <check>" per check and "N passed, N failed" last.
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
. "$ROOT/tests/checks_lib.sh"
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
WARN="-Wall -Wextra -Wpedantic -Werror"
VK=alpha_vk.h
VOLK_H=${ALPHA_VOLK_H:-/usr/include/volk.h}
# Every run builds in its own directory (runs may overlap): $BASE/compile.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed (build_dir: checks_lib.sh).
build_dir compile

# ---- which headers, which compilers
HEADERS=$(cd "$SRC" && ls alpha_*.h 2>/dev/null)
if [ -z "$HEADERS" ]; then echo "FAIL headers: no alpha_*.h in $SRC"; failed=1; summary; fi
have_vk=0; [ -f "$VOLK_H" ] && have_vk=1
CPU_HEADERS=""; ALL_HEADERS=""
for h in $HEADERS; do
    if [ "$h" = "$VK" ]; then
        [ $have_vk = 1 ] && ALL_HEADERS="$ALL_HEADERS $h"
    else
        CPU_HEADERS="$CPU_HEADERS $h"; ALL_HEADERS="$ALL_HEADERS $h"
    fi
done
CCS=""
for cc in ${CHECK_CCS:-gcc clang}; do
    if command -v "$cc" >/dev/null 2>&1; then CCS="$CCS $cc"
    else echo "FAIL $cc: not installed (Debian package $cc)"; failed=$((failed + 1)); fi
done
std_flags() { case $1 in c++17) echo "-x c++ -std=c++17" ;; *) echo "-std=$1" ;; esac; }
mode_of() { case $1 in clang*) echo "-fsyntax-only" ;; *) echo "-O0 -c -o $2" ;; esac; }

# ---- 1. the matrix: every header alone, all headers together
S=$B/src; mkdir -p "$S"
tus=""
for h in $HEADERS; do
    if [ "$h" = "$VK" ] && [ $have_vk = 0 ]; then
        skip "$h alone (C99, C11, C++17; gcc, clang): $VOLK_H not found (Debian: libvulkan-volk-dev libvulkan-dev)"
        continue
    fi
    t=${h%.h}
    { [ "$h" = "$VK" ] && echo "#define ALPHA_VULKAN"
      echo "#define $(macro_of "$h")"; echo "#include \"$h\""; } >"$S/$t.c"
    tus="$tus $t:$h-alone"
done
{ echo "#define ALPHA_IMPLEMENTATION"; for h in $CPU_HEADERS; do echo "#include \"$h\""; done; } >"$S/all_cpu.c"
tus="$tus all_cpu:all-CPU-headers-(ALPHA_IMPLEMENTATION)"
if [ -f "$SRC/$VK" ]; then
    if [ $have_vk = 1 ]; then
        { echo "#define ALPHA_VULKAN"; echo "#define ALPHA_IMPLEMENTATION"
          for h in $ALL_HEADERS; do echo "#include \"$h\""; done; } >"$S/all.c"
        tus="$tus all:all-headers-(ALPHA_IMPLEMENTATION,-ALPHA_VULKAN)"
    else
        skip "all headers with $VK (ALPHA_VULKAN): $VOLK_H not found"
    fi
fi
for tu in $tus; do
    t=${tu%%:*}; label=$(echo "${tu#*:}" | tr '-' ' ')
    for cc in $CCS; do
        for std in c99 c11 c++17; do
            job "$label, $cc $std" <<EOF
$cc $(std_flags $std) $WARN -I"$SRC" $(mode_of $cc "$B/${t}_${cc}_$std.o") "$S/$t.c"
EOF
        done
    done
done

# ---- 2. include order: declarations, implementation, included again; same defined symbols
# as a plain include
# (-Wno-unused-function: the matrix above reports those; here they would only repeat it)
OW="$WARN -Wno-unused-function"
order_test() {   # order_test NAME FILE-STEM TEST-SOURCE REFERENCE-SOURCE DEFINES
    printf '%s' "$5" >"$S/$2_ref.c"; printf '%s\n' "$4" >>"$S/$2_ref.c"
    printf '%s' "$5" >"$S/$2.c"; printf '%s\n' "$3" >>"$S/$2.c"
    for v in gcc:c99 clang:c++17; do
        cc=${v%:*}; std=${v#*:}
        command -v "$cc" >/dev/null 2>&1 || continue
        o="$B/$2_${cc}_$std"
        job "$1, $cc $std" <<EOF
$cc $(std_flags $std) $OW -O0 -I"$SRC" -c "$S/$2.c" -o "$o.o"
$cc $(std_flags $std) $OW -O0 -I"$SRC" -c "$S/$2_ref.c" -o "${o}_ref.o"
set +x
nm -g --defined-only "$o.o" >"$o.nm"
nm -g --defined-only "${o}_ref.o" >"${o}_ref.nm"
awk 'NF >= 3 { print \$3 }' "$o.nm" | sort >"$o.syms"
awk 'NF >= 3 { print \$3 }' "${o}_ref.nm" | sort >"${o}_ref.syms"
if ! diff "${o}_ref.syms" "$o.syms" >"$o.diff"; then
    echo "defined symbols differ from a plain #define ALPHA_IMPLEMENTATION + include (see $o.diff):"
    echo "missing here (\$(grep -c '^<' "$o.diff")): \$(grep '^<' "$o.diff" | head -n 8 | cut -c3- | tr '\n' ' ')"
    echo "extra here (\$(grep -c '^>' "$o.diff")): \$(grep '^>' "$o.diff" | head -n 8 | cut -c3- | tr '\n' ' ')"
    exit 1
fi
EOF
    done
}
nl='
'
for h in $HEADERS; do
    defs=""
    if [ "$h" = "$VK" ]; then
        [ $have_vk = 1 ] || { skip "$h include order: $VOLK_H not found"; continue; }
        defs="#define ALPHA_VULKAN$nl"
    fi
    t=${h%.h}; inc="#include \"$h\"$nl"; impl="#define ALPHA_IMPLEMENTATION$nl"
    order_test "$h: declarations, then implementation, then included again" "${t}_order" \
        "$inc$impl$inc$inc" "$impl$inc" "$defs"
done
fwd=""; rev=""
for h in $ALL_HEADERS; do fwd="$fwd#include \"$h\"$nl"; rev="#include \"$h\"$nl$rev"; done
defs=""; case " $ALL_HEADERS " in *" $VK "*) defs="#define ALPHA_VULKAN$nl" ;; esac
order_test "all headers: declarations, then implementations (reverse order), then again" \
    all_order "$fwd$impl$rev$fwd" "$impl$fwd" "$defs"

# ---- 3. ALPHA_STATIC: two TUs with every CPU implementation, linked into one program
for side in a b; do
    {
        echo "#define ALPHA_STATIC"; echo "#define ALPHA_IMPLEMENTATION"
        echo "#include <string.h>"
        for h in $CPU_HEADERS; do echo "#include \"$h\""; done
        cat <<EOF
/* 2x2 matmul k [[1,2],[3,4]] @ [[5,6],[7,8]] = k [[19,22],[43,50]] */
int static_check_$side(void);
int static_check_$side(void) {
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc desc;
    float x[4] = {1, 2, 3, 4}, y[4] = {5, 6, 7, 8}, out[4] = {0, 0, 0, 0};
    float k = $( [ $side = a ] && echo 1.0f || echo 2.0f );
    int ok;
    alpha_tensor *c;
    memset(&desc, 0, sizeof desc);
    desc.n_threads = 1;
    if (alpha_ctx_create(&ctx, &desc) != ALPHA_OK) return 0;
    x[0] *= k; x[1] *= k; x[2] *= k; x[3] *= k;
    c = alpha_matmul(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 2), x),
                     alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 2), y));
    ok = c && alpha_tensor_to_f32(ctx, c, out, 4) == ALPHA_OK &&
         out[0] == 19 * k && out[1] == 22 * k && out[2] == 43 * k && out[3] == 50 * k;
    alpha_ctx_destroy(ctx);
    return ok;
}
EOF
    } >"$S/static_$side.c"
done
cat >"$S/static_main.c" <<'EOF'
#include <stdio.h>
int static_check_a(void);
int static_check_b(void);
int main(void) {
    int a = static_check_a(), b = static_check_b();
    printf("static_check_a: %d, static_check_b: %d\n", a, b);
    return a && b ? 0 : 1;
}
EOF
# Under ALPHA_STATIC the API functions a TU does not call are unused statics; ALPHA_API marks
# them __attribute__((unused)) so this builds warning-free with the full warning set.
SW="$WARN"
job "ALPHA_STATIC: two TUs with all CPU implementations link and run (gcc c99)" <<EOF
cd "$B"
gcc -std=c99 $SW -O0 -I"$SRC" -c "$S/static_a.c" -o static_a.o
gcc -std=c99 $SW -O0 -I"$SRC" -c "$S/static_b.c" -o static_b.o
gcc -std=c99 $WARN -O0 -c "$S/static_main.c" -o static_main.o
gcc static_a.o static_b.o static_main.o -o static_prog -lm -lpthread
./static_prog
for o in a b; do
    extra=\$(nm -g --defined-only static_\$o.o | awk 'NF >= 3 { print \$3 }' | grep -v "^static_check_\$o\$" || true)
    if [ -n "\$extra" ]; then echo "static_\$o.o exports more than static_check_\$o under ALPHA_STATIC:"; echo "\$extra"; exit 1; fi
done
EOF

run_jobs
summary
