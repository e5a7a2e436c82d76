#!/bin/sh
# tests/check_spirv_generated.sh: every SPIR-V module that alpha_vk.h turns into a pipeline
# passes spirv-val. Builds tests/test_vk.c and tests/test_vk_backend.c, runs them with
# ALPHA_VK_SPIRV_DUMP=<dir> (the runtime writes each module to <dir>/<name>.spv), then runs
#     spirv-val --target-env <env> <module>
# on each dump, the environment chosen from the module's SPIR-V version (1.0 vulkan1.0, 1.3
# vulkan1.1, 1.4 vulkan1.1spv1.4, 1.5 vulkan1.2, 1.6 vulkan1.3): one "ok"/"FAIL" per module.
# test_vk_backend also dumps the modules it only builds (the cooperative-matrix GEMM, PACK and
# attention variants, which lavapipe cannot run). Modules that declare a cooperative-matrix
# capability are checked by a spirv-val of SPIRV-Tools 2024.1 or newer and skipped with a note
# by an older one: that of Debian 12 (2023.1) cannot parse them. Without volk, a Vulkan loader
# or a device the tests dump nothing and the check says "skip". Needs spirv-val (Debian:
# spirv-tools). Environment: CC (default cc), ALPHA_CHECK_BUILD (build directory, default
# build/checks), SPIRV_VAL (the spirv-val to run, default spirv-val).
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
. "$ROOT/tests/checks_lib.sh"
build_dir spirv_generated dump
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); [ -z "$2" ] || sed 's/^/    /' "$2" | head -n 30; }
VAL=${SPIRV_VAL:-spirv-val}
if ! command -v "$VAL" >/dev/null 2>&1; then bad "$VAL is not installed (Debian: spirv-tools)"; summary; fi
# SPIRV-Tools vYEAR.N: cooperative matrices from 2024.1 on
coop_val=$("$VAL" --version 2>/dev/null | sed -n 's/.*SPIRV-Tools v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -n 1 | awk '{ print ($1 > 2024 || ($1 == 2024 && $2 >= 1)) ? 1 : 0 }')

# ---- the tests, built here (the run may overlap a make in the same tree), run with the dump on
for t in test_vk test_vk_backend; do
    if ! ${CC:-cc} -O1 -std=c99 -I"$ROOT" "$ROOT/tests/$t.c" -o "$B/$t" -lm -lpthread -ldl >"$B/$t.build.log" 2>&1; then
        bad "$t builds" "$B/$t.build.log"; continue
    fi
    if (cd "$B" && ALPHA_VK_SPIRV_DUMP="$B/dump" "./$t") >"$B/$t.log" 2>&1; then ok "$t runs with ALPHA_VK_SPIRV_DUMP"
    else bad "$t runs with ALPHA_VK_SPIRV_DUMP" "$B/$t.log"; fi
done

# ---- spirv-val per module
n=0
for f in "$B"/dump/*.spv; do
    [ -f "$f" ] || continue
    n=$((n + 1)); name=$(basename "$f")
    # one word per line: the version is word 1; a cooperative-matrix capability is an OpCapability
    # instruction (word 0x00020011) followed by 6022 (KHR), 5357 (NV) or 5430..5434 (NV2)
    words=$(od -An -tu4 -v -w4 "$f")
    ver=$(echo "$words" | sed -n 2p | tr -d ' ')
    coop=$(echo "$words" | awk 'p == 131089 && ($1 == 6022 || $1 == 5357 || ($1 >= 5430 && $1 <= 5434)) { print "yes"; exit } { p = $1 }')
    if [ -n "$coop" ] && [ "$coop_val" != 1 ]; then skip "$name: cooperative-matrix capability (this spirv-val cannot parse it)"; continue; fi
    case $ver in
        65536) env=vulkan1.0 ;; 66304) env=vulkan1.1 ;; 66560) env=vulkan1.1spv1.4 ;; 66816) env=vulkan1.2 ;; 67072) env=vulkan1.3 ;;
        *) bad "$name: SPIR-V version word $ver has no Vulkan environment"; continue ;;
    esac
    if "$VAL" --target-env "$env" "$f" >"$B/val.log" 2>&1; then ok "$name ($env)"; else bad "$name ($env)" "$B/val.log"; fi
done
if [ "$n" -eq 0 ]; then
    if grep -q '^skip' "$B"/test_vk.log 2>/dev/null; then skip "no Vulkan device: $(grep '^skip' "$B/test_vk.log" | head -n 1)"
    else bad "no module was dumped to $B/dump"; fi
fi
summary
