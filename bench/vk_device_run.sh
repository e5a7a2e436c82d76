#!/bin/sh
# bench/vk_device_run.sh: what we run on a lent NVIDIA GPU (the `device` tool), from the
# repository root, with the loader and validation-layer .debs and volk/Vulkan headers carried in
# .gl (see the device tool's README): `apt-get download libvulkan1 libegl1 libglvnd0 libopengl0
# libgl1 libglx0 libgles2 vulkan-validationlayers` (the NVIDIA ICD needs the glvnd libraries:
# without them the loader reports VK_ERROR_INCOMPATIBLE_DRIVER) and include/ with volk.h, volk.c,
# vulkan/ and vk_video/ from /usr/include. Writes logs under $OUT:
#   tests.txt       every unit test (plain build), the Vulkan ones on the NVIDIA driver with the
#                   validation layer on
#   gpt_train.jsonl bench/gpt_train (ours) next to torch_gpt.py in the same run
# Arguments go to bench_gpt_train (default: small gpt2:1 --steps 10).
OUT=${OUT:-/tmp/alpha_out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$OUT/device.txt" 2>&1
make -j16 CFLAGS="-O2 -g -isystem .gl/include" build/test_tensor build/test_autograd build/test_model build/test_train \
    build/test_backend build/test_vk build/test_vk_backend build/test_spirv build/test_symbio > "$OUT/build.txt" 2>&1
sh tests/run.sh build/test_tensor build/test_autograd build/test_model build/test_train build/test_backend \
    build/test_vk build/test_vk_backend build/test_spirv build/test_symbio > "$OUT/tests.txt" 2>&1
gcc -O2 -std=c99 -DALPHA_VULKAN -I. -isystem .gl/include bench/gpt_train.c -o build/bench_gpt_train_vk -lm -lpthread -ldl >> "$OUT/build.txt" 2>&1
[ $# -eq 0 ] && set -- small gpt2:1 --steps 10
ALPHA_SHARED_BENCH=${ALPHA_SHARED_BENCH:-bench/shared} timeout 420 stdbuf -oL build/bench_gpt_train_vk "$@" > "$OUT/gpt_train.jsonl" 2>&1
tail -n 3 "$OUT/tests.txt"
cat "$OUT/gpt_train.jsonl"
