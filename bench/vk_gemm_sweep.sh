#!/bin/sh
# bench/vk_gemm_sweep.sh: the cooperative GEMM's shapes side by side on a lent NVIDIA GPU (the
# `device` tool), from the repository root, .gl carried as for bench/vk_train_run.sh. For each
# ALPHA_VK_TUNE value in $SHAPES (default: base deep wide wide,deep fapre): test_vk_backend on the
# NVIDIA driver, bench/gemm (bf16) and bench/gpt_train (small and gpt2:3, bf16, 10 steps; with
# ALPHA_VK_PIPELINE_STATS=1: the compiler's statistics of the GEMM and attention kernels).
# Writes under $OUT: device.txt build.txt and tests_<shape>.txt gemm_<shape>.jsonl
# train_<shape>.jsonl per shape.
OUT=${OUT:-/tmp/alpha_out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader > "$OUT/device.txt" 2>&1
make -j16 CFLAGS="-O2 -g" build/test_vk_backend > "$OUT/build.txt" 2>&1
for b in gemm gpt_train; do
    gcc -O2 -std=c99 -DALPHA_VULKAN -I. bench/$b.c -o build/bench_${b}_vk -lm -lpthread -ldl >> "$OUT/build.txt" 2>&1
done
cat "$OUT/device.txt"
for s in ${SHAPES:-base deep wide wide,deep fapre}; do
    export ALPHA_VK_TUNE=$s
    f=$(echo "$s" | tr , _)
    ALPHA_TEST_NO_VALIDATION=1 timeout 120 stdbuf -oL build/test_vk_backend > "$OUT/tests_$f.txt" 2>&1
    timeout 60 stdbuf -oL build/bench_gemm_vk --modes bf16 > "$OUT/gemm_$f.jsonl" 2>&1
    ALPHA_VK_PIPELINE_STATS=1 timeout 100 stdbuf -oL build/bench_gpt_train_vk small gpt2:3 --steps 10 --matmul bf16 --torch none > "$OUT/train_$f.jsonl" 2>&1
    echo "== $s: $(tail -n 1 "$OUT/tests_$f.txt")"
    grep -v "^ok" "$OUT/tests_$f.txt" | grep -v "passed" | cut -c1-200 | tail -n 4
    grep -o '"shape":"[^"]*".*"tflops":[0-9.]*' "$OUT/gemm_$f.jsonl" | sed 's/"layout.*"mode"/ /' | tr '\n' ' '; echo
    grep '"impl"' "$OUT/train_$f.jsonl" | grep -o '"config":"[^"]*"\|"step_ms":[0-9.]*\|"tok_s":[0-9]*\|"loss":[0-9.]*' | tr '\n' ' '; echo
    grep '"pipeline":"backend_k2[123]' "$OUT/train_$f.jsonl" | sort -u | cut -c1-300 | head -n 12
done
