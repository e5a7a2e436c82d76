#!/bin/sh
# tests/check_mingw.sh: the CPU headers (every alpha_*.h but alpha_vk.h) cross-compile for
# Windows with mingw-w64 (x86_64-w64-mingw32-gcc -std=c99 -Wall -Wextra -Wpedantic -Werror):
#   - each header alone with its own ALPHA_<NAME>_IMPLEMENTATION, into an object (-O0);
#   - all CPU headers with ALPHA_IMPLEMENTATION, into an object (-O2), and as C++17 (-O0)
#     where x86_64-w64-mingw32-g++ is installed;
#   - a small .exe: that object plus a TU that includes the headers without implementation
#     and uses alpha_tensor (context, [2x3] @ [3x2] matmul, compare), linked with -static;
#     it runs under wine when wine is installed, otherwise it is only linked.
# A missing cross compiler is a failure: CI installs gcc-mingw-w64-x86-64.
# Environment: ALPHA_SRC (headers directory, default: repository root), ALPHA_CHECK_BUILD
# (default build/checks), CHECK_JOBS (parallel compiles, default 2), MINGW_CC.
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
. "$ROOT/tests/checks_lib.sh"
SRC=$(cd "${ALPHA_SRC:-$ROOT}" && pwd) || exit 1
MCC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
WARN="-Wall -Wextra -Wpedantic -Werror"
VK=alpha_vk.h
if ! command -v "$MCC" >/dev/null 2>&1; then
    echo "FAIL mingw-w64 cross compiler"
    echo "    $MCC not found: install the Debian package gcc-mingw-w64-x86-64 (CI's .ci/run does)"
    echo "0 passed, 1 failed"; exit 1
fi
# Every run builds in its own directory (runs may overlap): $BASE/mingw.XXXXXX, removed when
# all checks passed, kept and named in the output when one failed (build_dir: checks_lib.sh).
build_dir mingw src

CPU_HEADERS=""
for f in "$SRC"/alpha_*.h; do
    [ -f "$f" ] && [ "${f##*/}" != "$VK" ] && CPU_HEADERS="$CPU_HEADERS ${f##*/}"
done
if [ -z "$CPU_HEADERS" ]; then echo "FAIL headers: no CPU alpha_*.h in $SRC"; failed=1; summary; fi

S=$B/src
for h in $CPU_HEADERS; do
    t=${h%.h}
    { echo "#define $(macro_of "$h")"; echo "#include \"$h\""; } >"$S/$t.c"
    job "$h alone, mingw gcc c99 -c" <<EOF
$MCC -std=c99 $WARN -O0 -I"$SRC" -c "$S/$t.c" -o "$B/$t.o"
EOF
done
{ echo "#define ALPHA_IMPLEMENTATION"; for h in $CPU_HEADERS; do echo "#include \"$h\""; done; } >"$S/all.c"

# The .exe: all.o (every CPU implementation) + prog.o (declarations only, uses alpha_tensor).
{
    for h in $CPU_HEADERS; do echo "#include \"$h\""; done
    cat <<'EOF'
#include <stdio.h>
#include <string.h>
int main(void) {
    alpha_ctx *ctx = NULL;
    alpha_ctx_desc desc;
    float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {7, 8, 9, 10, 11, 12}, out[4] = {0, 0, 0, 0};
    const float want[4] = {58, 64, 139, 154}; /* [2x3] @ [3x2] */
    alpha_tensor *c;
    int i, bad = 0;
    memset(&desc, 0, sizeof desc);
    desc.n_threads = 2;
    if (alpha_ctx_create(&ctx, &desc) != ALPHA_OK) { printf("alpha_ctx_create failed\n"); return 1; }
    c = alpha_matmul(ctx, alpha_from_data(ctx, ALPHA_F32, alpha_shape2(2, 3), x),
                     alpha_from_data(ctx, ALPHA_F32, alpha_shape2(3, 2), y));
    if (!c || alpha_tensor_to_f32(ctx, c, out, 4) != ALPHA_OK) {
        printf("matmul failed: %s\n", alpha_ctx_last_error(ctx));
        alpha_ctx_destroy(ctx);
        return 1;
    }
    for (i = 0; i < 4; i++) if (out[i] != want[i]) bad = 1;
    printf("matmul: %g %g %g %g (%s)\n", out[0], out[1], out[2], out[3], bad ? "WRONG" : "ok");
    alpha_ctx_destroy(ctx);
    return bad;
}
EOF
} >"$S/prog.c"
WINE=""
for w in wine wine64; do command -v $w >/dev/null 2>&1 && { WINE=$w; break; }; done
if [ -n "$WINE" ]; then how="links and runs under $WINE"; else how="links (wine not installed: not run)"; fi
job "all CPU headers (ALPHA_IMPLEMENTATION), mingw gcc c99 -O2 -c; a .exe using alpha_tensor $how" <<EOF
$MCC -std=c99 $WARN -O2 -I"$SRC" -c "$S/all.c" -o "$B/all.o"
$MCC -std=c99 $WARN -O2 -I"$SRC" -c "$S/prog.c" -o "$B/prog.o"
$MCC "$B/all.o" "$B/prog.o" -o "$B/prog.exe" -static -lm
EOF
if [ -n "$WINE" ]; then
    cat >>"$B/jobs/$id.sh" <<EOF
cd "$B"
WINEDEBUG=-all WINEPREFIX="$B/wineprefix" timeout 120 $WINE ./prog.exe
EOF
fi
MCXX=${MCC%gcc}g++
if command -v "$MCXX" >/dev/null 2>&1; then
    job "all CPU headers (ALPHA_IMPLEMENTATION), mingw c++17 -c" <<EOF
$MCC -x c++ -std=c++17 $WARN -O0 -I"$SRC" -c "$S/all.c" -o "$B/all_cpp.o"
EOF
fi
run_jobs
summary
