#!/bin/sh
# tests/check_vk_binding.sh: the Vulkan tensor backend's other memory path. Where the device has
# buffer device addresses (lavapipe and NVIDIA do), kernels reach the arena through its address;
# this runs tests/test_vk_backend.c again with ALPHA_TEST_NO_BDA=1, so the arena is bound as a
# storage buffer (the path of devices without them) and every kernel is tested that way too.
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$ROOT" || exit 1
make -s build/test_vk_backend >/dev/null 2>&1 || { echo "FAIL building build/test_vk_backend"; echo "0 passed, 1 failed"; exit 1; }
ALPHA_TEST_NO_BDA=1 ./build/test_vk_backend
