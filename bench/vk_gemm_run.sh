#!/bin/sh
# bench/vk_gemm_run.sh: the GEMM tiers on a lent NVIDIA GPU (the `device` tool), from the
# repository root, with .gl carried as for bench/vk_device_run.sh. Writes under $OUT:
#   build.txt, tests.txt (test_vk_backend on the NVIDIA driver, validation on),
#   gemm.jsonl (bench/gemm: ours), gemm_torch.jsonl (bench/gemm_torch.py: PyTorch, same run, when
#   GEMM_TORCH=1), extra.txt (the output of the command in GEMM_EXTRA, if any).
# Arguments go to bench_gemm (default: all shapes, fp32 bf16 f16).
OUT=${OUT:-/tmp/alpha_out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$OUT/device.txt" 2>&1
make -j16 CFLAGS="-O2 -g -isystem .gl/include" build/test_vk_backend > "$OUT/build.txt" 2>&1
gcc -O2 -std=c99 -DALPHA_VULKAN -I. -isystem .gl/include bench/gemm.c -o build/bench_gemm_vk -lm -lpthread -ldl >> "$OUT/build.txt" 2>&1
# with validation (a layer older than the cooperative-matrix extensions turns the tier off), then without
timeout 200 stdbuf -oL build/test_vk_backend > "$OUT/tests.txt" 2>&1
ALPHA_TEST_NO_VALIDATION=1 timeout 200 stdbuf -oL build/test_vk_backend > "$OUT/tests_novalidation.txt" 2>&1
timeout 240 stdbuf -oL build/bench_gemm_vk "$@" > "$OUT/gemm.jsonl" 2>&1
[ -n "$GEMM_TORCH" ] && timeout 120 stdbuf -oL python3 bench/gemm_torch.py > "$OUT/gemm_torch.jsonl" 2>&1
[ -n "$GEMM_EXTRA" ] && sh -c "$GEMM_EXTRA" > "$OUT/extra.txt" 2>&1 && cut -c1-300 "$OUT/extra.txt"
grep -v "^ok" "$OUT/tests.txt" | cut -c1-300 | tail -n 12
grep -v "^ok" "$OUT/tests_novalidation.txt" | cut -c1-300 | tail -n 12
cat "$OUT/gemm.jsonl" | cut -c1-260
[ -n "$GEMM_TORCH" ] && grep -h '"tflops"' "$OUT/gemm_torch.jsonl" | cut -c1-200
