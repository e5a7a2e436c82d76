#!/bin/sh
# bench/vk_train_run.sh: the session check on a lent NVIDIA GPU (the `device` tool), from the
# repository root, .gl carried as for bench/vk_device_run.sh and ../shared/bench copied to
# bench/shared (untracked). In one call: test_vk_backend on the NVIDIA driver (validation off:
# the layer predates the cooperative-matrix extensions), bench/gpt_train for small and gpt2:3
# with bf16 matmuls (attention on cooperative matrices) and fp32, an op-by-op profile of gpt2:3
# in bf16, torch_gpt.py (fp32, tf32, bf16), then bench/gemm. QUICK=1: the tests, the bf16 runs
# and the profile only (~80 s). Writes under $OUT: device.txt build.txt tests.txt train.jsonl
# profile.jsonl gemm.jsonl. GEMM_ARGS: bench_gemm's arguments (default --modes bf16).
. bench/vk_setup.sh
ALPHA_TEST_NO_VALIDATION=1 timeout 120 stdbuf -oL build/test_vk_backend > "$OUT/tests.txt" 2>&1
export ALPHA_SHARED_BENCH=bench/shared
T="timeout 100 stdbuf -oL build/bench_gpt_train_vk"
$T small gpt2:3 --steps 10 --matmul bf16 --torch none > "$OUT/train.jsonl" 2>&1
[ -n "$QUICK" ] || $T small gpt2:3 --steps 10 --torch none >> "$OUT/train.jsonl" 2>&1
$T gpt2:3 --steps 3 --profile --matmul bf16 --torch none > "$OUT/profile.jsonl" 2>&1
if [ -z "$QUICK" ]; then
    timeout 200 stdbuf -oL build/bench_gpt_train_vk small gpt2:3 --steps 1 --torch fp32,tf32,bf16 >> "$OUT/train.jsonl" 2>&1
    timeout 60 stdbuf -oL build/bench_gemm_vk ${GEMM_ARGS:---modes bf16} > "$OUT/gemm.jsonl" 2>&1
fi
cat "$OUT/device.txt"
grep -v "^ok" "$OUT/tests.txt" | cut -c1-220 | tail -n 8
grep '"impl"' "$OUT/train.jsonl" | sed 's/"device":"[^"]*",//; s/"params":[0-9]*,//' | cut -c1-230
grep profile "$OUT/profile.jsonl" | grep -v '"ms":0\.[0-4]' | cut -c1-120
[ -n "$QUICK" ] || cut -c1-200 "$OUT/gemm.jsonl" | grep -o '"shape":"[^"]*".*"tflops":[0-9.]*' | sed 's/"layout.*"mode"/ /'
