#!/bin/sh
# bench/vk_gemm_sweep.sh: the cooperative GEMM's shapes side by side on a lent NVIDIA GPU (the
# `device` tool), from the repository root, .gl carried as for bench/vk_train_run.sh. For each
# ALPHA_VK_TUNE value in $SHAPES (default: base deep wide wide,deep fapre): test_vk_backend on the
# NVIDIA driver, bench/gemm (bf16) and bench/gpt_train (small and gpt2:3, bf16, 10 steps; with
# ALPHA_VK_PIPELINE_STATS=1: the compiler's statistics of the GEMM and attention kernels).
# Writes under $OUT: device.txt build.txt and tests_<shape>.txt gemm_<shape>.jsonl
# train_<shape>.jsonl per shape. TORCH=1: then, in the same call, torch_gpt.py (fp32, tf32, bf16;
# ../shared/bench copied to bench/shared) into torch.jsonl, and profile.jsonl: the op-by-op
# profile of gpt2:3 with the shape whose gpt2 step was fastest.
. bench/vk_setup.sh
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
if [ -n "$TORCH" ]; then
    best=$(for f in "$OUT"/train_*.jsonl; do
        grep '"config":"gpt2"' "$f" | grep -o '"step_ms":[0-9.]*' | cut -d: -f2 | sed "s|\$| $f|"; done | sort -n | head -n 1 | sed 's|.*train_||; s|\.jsonl||; s|_|,|g')
    echo "== profile with ALPHA_VK_TUNE=$best"
    ALPHA_VK_TUNE=$best ALPHA_SHARED_BENCH=bench/shared timeout 100 stdbuf -oL build/bench_gpt_train_vk gpt2:3 --steps 3 --profile --matmul bf16 --torch none > "$OUT/profile.jsonl" 2>&1
    grep profile "$OUT/profile.jsonl" | grep -v '"ms":0\.[0-4]' | cut -c1-120
    ALPHA_SHARED_BENCH=bench/shared timeout 200 stdbuf -oL build/bench_gpt_train_vk small gpt2:3 --steps 1 --torch fp32,tf32,bf16 > "$OUT/torch.jsonl" 2>&1
    grep '"impl":"pytorch' "$OUT/torch.jsonl" | grep tok_s | grep -o '"config":"[^"]*"\|"mode":"[^"]*"\|"tok_s":[0-9]*' | tr '\n' ' '; echo
fi
