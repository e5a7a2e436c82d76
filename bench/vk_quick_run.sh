#!/bin/sh
# bench/vk_quick_run.sh: the short check on a lent NVIDIA GPU (the `device` tool, .gl carried as
# for bench/vk_train_run.sh), from the repository root: test_vk_backend on the NVIDIA driver,
# bench/gpt_train small and gpt2:3 with bf16 products (captured, 10 steps), an op-by-op profile
# of gpt2:3 in bf16. No PyTorch, no GEMM table (bench/vk_train_run.sh has them). Writes under
# $OUT: build.txt tests.txt train.jsonl profile.jsonl.
OUT=${OUT:-/tmp/alpha_out}; mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
make -j16 build/test_vk_backend > "$OUT/build.txt" 2>&1
gcc -O2 -std=c99 -DALPHA_VULKAN -I. bench/gpt_train.c -o build/bench_gpt_train_vk -lm -lpthread -ldl >> "$OUT/build.txt" 2>&1
ALPHA_TEST_NO_VALIDATION=1 timeout 120 build/test_vk_backend > "$OUT/tests.txt" 2>&1
T="timeout 100 build/bench_gpt_train_vk"
$T small gpt2:3 --steps 10 --matmul bf16 --torch none > "$OUT/train.jsonl" 2>&1
$T gpt2:3 --steps 3 --profile --matmul bf16 --torch none > "$OUT/profile.jsonl" 2>&1
grep -v "^ok" "$OUT/tests.txt" | cut -c1-220 | tail -n 6
grep '"impl"' "$OUT/train.jsonl" | cut -c1-300
grep profile "$OUT/profile.jsonl" | grep -v '"ms":0\.[0-4]' | cut -c1-120
