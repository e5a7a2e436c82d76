#!/bin/sh
# tests/check_vk_errors.sh: the Vulkan runtime's failures, each in a process of its own, with the
# exact alpha_result, a message that says why, and the CPU path still training afterwards.
# Builds tests/check_vk_errors.c twice: the helper program, and an LD_PRELOAD shim whose dlopen
# refuses libvulkan (volk loads the loader with dlopen("libvulkan.so.1"), which is on the system
# path, so LD_LIBRARY_PATH cannot hide it). Then:
#   no loader  the helper under the shim: ALPHA_ERR_DEVICE naming libvulkan.so.1
#   no device  VK_DRIVER_FILES and VK_ICD_FILENAMES naming a missing file: ALPHA_ERR_DEVICE
#              "no Vulkan device", naming the variable
#   oom        on lavapipe with an RLIMIT_AS limit (its device memory is host memory): buffer,
#              backend arena and tensor allocations fail with ALPHA_ERR_OOM and a message, and
#              the runtime works on afterwards
# Mixing devices in one op is tested in tests/test_vk_backend.c. Needs volk.h (Debian:
# libvulkan-volk-dev libvulkan-dev; ALPHA_VOLK_INCLUDE names another directory holding it), else
# every check is skipped. Environment: CC (default cc),
# ALPHA_CHECK_BUILD (default build/checks), CHECK_JOBS (default 2).
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
. "$ROOT/tests/checks_lib.sh"
CC=${CC:-cc}
WARN="-Wall -Wextra -Wpedantic -Werror"
LVP=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
build_dir vk_errors

INC=${ALPHA_VOLK_INCLUDE:-/usr/include}
if [ ! -f "$INC/volk.h" ]; then skip "vk errors: no volk.h (Debian: libvulkan-volk-dev libvulkan-dev)"; summary; fi
SYS=""; [ "$INC" = /usr/include ] || SYS="-isystem $INC"   # a system directory: its volk.c is not ours to warn about
if ! $CC -O1 -g $WARN -std=c99 -I"$ROOT" $SYS "$ROOT/tests/check_vk_errors.c" -o "$B/vk_errors" -lm -lpthread -ldl >"$B/build.log" 2>&1 ||
   ! $CC -O1 $WARN -std=c99 -DCHECK_VK_ERRORS_SHIM -shared -fPIC "$ROOT/tests/check_vk_errors.c" -o "$B/noloader.so" -ldl \
       >>"$B/build.log" 2>&1; then
    echo "FAIL build tests/check_vk_errors.c"; show_log "$B/build.log"; failed=1; summary
fi

job "vk errors: no Vulkan loader" <<EOF
LD_PRELOAD="$B/noloader.so" "$B/vk_errors" no-loader
EOF
job "vk errors: no Vulkan device" <<EOF
VK_DRIVER_FILES="$B/no-such-driver.json" VK_ICD_FILENAMES="$B/no-such-driver.json" "$B/vk_errors" no-device
EOF
if [ -f "$LVP" ]; then
    job "vk errors: out of device memory (lavapipe)" <<EOF
VK_DRIVER_FILES="$LVP" VK_ICD_FILENAMES="$LVP" "$B/vk_errors" oom
EOF
else   # a GPU's device memory is not the process's address space: RLIMIT_AS cannot exhaust it
    skip "vk errors: out of device memory: needs lavapipe ($LVP), whose device memory is host memory"
fi
run_jobs
summary
