#!/bin/sh
# tests/check_examples.sh: the command-line examples end to end, on a tiny model: train_gpt trains
# a few steps on a text file, writes metrics, a checkpoint and a loss plot, resumes from the
# checkpoint, generate samples from it, plot_loss redraws the plot, symbio runs tiny activation
# searches (char and BPE tokens, fresh and continued from parents), and bad input is refused.
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$ROOT" || exit 1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
passed=0; failed=0
check() {   # check NAME COMMAND...: passes when the command exits 0
    name=$1; shift
    if "$@" >"$T/out" 2>&1; then echo "ok   $name"; passed=$((passed + 1))
    else echo "FAIL $name"; sed 's/^/    /' "$T/out" | tail -n 20; failed=$((failed + 1)); fi
}
build() { ${CC:-cc} -O2 -std=c99 -Wall -Wextra -Wpedantic -Werror -I. "examples/$1.c" -o "$T/$1" -lm -lpthread; }
check "train_gpt builds" build train_gpt
check "generate builds" build generate
check "plot_loss builds" build plot_loss
check "symbio builds" build symbio

cat README.md alpha_model.h alpha_autograd.h > "$T/text.txt"
TINY="--data $T/text.txt --tokenizer bpe --vocab 300 --layers 1 --heads 2 --embd 16 --block 16 --batch 2
      --eval-interval 3 --eval-batches 2 --sample-interval 0 --sample-tokens 8 --checkpoint-interval 3 --threads 2"
# shellcheck disable=SC2086
check "train_gpt trains 4 steps" "$T/train_gpt" $TINY --steps 4 --run-dir "$T/run"
check "train_gpt wrote metrics, checkpoint and plot" \
    sh -c "test \$(wc -l < '$T/run/metrics.jsonl') -eq 4 && test -s '$T/run/checkpoint.alph' && grep -q '<svg' '$T/run/loss.svg'"
check "metrics lines carry step, loss, lr, grad_norm, tok_s, ms and val_loss" \
    sh -c "grep -q '\"step\":3,.*\"loss\":.*\"lr\":.*\"grad_norm\":.*\"tok_s\":.*\"ms\":.*\"val_loss\":' '$T/run/metrics.jsonl'"
# shellcheck disable=SC2086
check "train_gpt resumes to step 6" "$T/train_gpt" $TINY --steps 6 --run-dir "$T/run" --resume "$T/run/checkpoint.alph"
check "the resumed run appended steps 5 and 6" sh -c "test \$(wc -l < '$T/run/metrics.jsonl') -eq 6 && tail -n 1 '$T/run/metrics.jsonl' | grep -q '\"step\":6'"
check "generate samples from the checkpoint" sh -c "'$T/generate' '$T/run/checkpoint.alph' 'the ' --tokens 10 --seed 3 | grep -q ."
check "generate is reproducible for a seed" sh -c "test \"\$('$T/generate' '$T/run/checkpoint.alph' 'the ' --tokens 10 --seed 3)\" = \"\$('$T/generate' '$T/run/checkpoint.alph' 'the ' --tokens 10 --seed 3)\""
check "plot_loss redraws the plot" sh -c "'$T/plot_loss' '$T/run/metrics.jsonl' '$T/p.svg' && grep -q '<svg' '$T/p.svg'"
check "train_gpt --help" sh -c "'$T/train_gpt' --help | grep -q -- --resume"
check "train_gpt refuses an unknown option" sh -c "! '$T/train_gpt' --no-such-option"
check "train_gpt refuses --matmul bf16 on the CPU with a reason" \
    sh -c "! '$T/train_gpt' --device cpu --matmul bf16 2> '$T/err' && grep -q 'needs --device vulkan' '$T/err'"
check "generate refuses a damaged checkpoint with a reason" \
    sh -c "head -c 300 '$T/run/checkpoint.alph' > '$T/bad.alph'; ! '$T/generate' '$T/bad.alph' 'x' 2> '$T/err'; grep -q 'checkpoint\|past the end\|header' '$T/err'"
check "symbio runs a tiny search and writes its log and pictures" \
    sh -c "'$T/symbio' --data '$T/text.txt' --pop 3 --gens 2 --steps 3 --layers 1 --embd 16 --threads 2 --out '$T/sym' > '$T/sym.log' &&
           grep -q 'held-out loss' '$T/sym.log' && test \$(wc -l < '$T/sym/candidates.jsonl') -eq 5 &&
           grep -q '<svg' '$T/sym/lineage.svg' && grep -q '<svg' '$T/sym/curves.svg'"
check "symbio with a BPE tokenizer, swiglu genes and children continued from their parents" \
    sh -c "'$T/symbio' --data '$T/text.txt' --tokenizer bpe --vocab 300 --pop 5 --gens 2 --steps 3 --layers 2 --embd 16 --threads 2 \
               --continue-from-parent --out '$T/sym2' > '$T/sym2.log' &&
           grep -q 'bpe, vocab 300' '$T/sym2.log' && grep -q 'held-out loss' '$T/sym2.log' &&
           grep -q '\"layers\":\[\"swiglu\",\"swiglu\"\]' '$T/sym2/candidates.jsonl' &&
           grep -q '\"generation\":1,.*\"init_from\":[0-9]' '$T/sym2/candidates.jsonl'"
check "symbio refuses an unknown tokenizer" sh -c "! '$T/symbio' --data '$T/text.txt' --tokenizer nope"
# On Vulkan (lavapipe in CI, with the validation layer): the same run, the same losses as the CPU
if echo '#include <volk.h>' | ${CC:-cc} -E - >/dev/null 2>&1; then
    check "train_gpt builds with -DALPHA_VULKAN" sh -c "${CC:-cc} -O2 -std=c99 -Wall -Wextra -Wpedantic -Werror -DALPHA_VULKAN -I. \
        examples/train_gpt.c -o '$T/train_gpt_vk' -lm -lpthread -ldl"
    # shellcheck disable=SC2086
    check "train_gpt --device vulkan trains 6 steps" "$T/train_gpt_vk" $TINY --steps 6 --run-dir "$T/vk" --device vulkan --validation
    cp "$T/out" "$T/vk.log"
    check "... with a captured step and no validation message" sh -c "
        grep -q 'captured step' '$T/vk.log' && ! grep -qi 'validation.*error\|VUID' '$T/vk.log'"
    # shellcheck disable=SC2086
    check "train_gpt --device cpu trains the same 6 steps" "$T/train_gpt_vk" $TINY --steps 6 --run-dir "$T/cpu6" --device cpu
    cp "$T/out" "$T/cpu.log"
    check "train_gpt on Vulkan gives the CPU's losses (1e-3)" sh -c "
        grep -o 'train loss [0-9.]*, val loss [0-9.]*' '$T/cpu.log' | tr -dc '0-9. \n' > '$T/a' &&
        grep -o 'train loss [0-9.]*, val loss [0-9.]*' '$T/vk.log' | tr -dc '0-9. \n' > '$T/b' &&
        test -s '$T/a' && paste '$T/a' '$T/b' | awk '{ for (i = 1; i <= NF / 2; i++) { d = \$i - \$(i + NF / 2); if (d < 0) d = -d; if (d > 1e-3) exit 1 } }'"
    # shellcheck disable=SC2086
    "$T/train_gpt_vk" $TINY --steps 2 --run-dir "$T/bf16" --device vulkan --matmul bf16 >"$T/bf16.log" 2>&1; rc=$?
    check "train_gpt --device vulkan --matmul bf16 trains, or names why the device cannot" sh -c "
        { test $rc -eq 0 && grep -q 'matmul bf16)' '$T/bf16.log'; } || { test $rc -ne 0 && grep -q 'bf16 products need cooperative matrices' '$T/bf16.log'; }"
    check "train_gpt --device vulkan fails clearly without a device" sh -c "
        ! VK_DRIVER_FILES=/nonexistent.json VK_ICD_FILENAMES=/nonexistent.json '$T/train_gpt_vk' --device vulkan --steps 1 2> '$T/nodev' &&
        grep -q 'no Vulkan device' '$T/nodev'"
else
    echo "skip Vulkan examples: no volk.h"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
