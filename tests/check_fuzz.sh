#!/bin/sh
# Builds every tests/fuzz_*.c with clang's libFuzzer (plus ASan and UBSan) and runs each for
# ${FUZZ_SECONDS:-30} seconds, seeded from tests/fuzz/<name without fuzz_>/ when it exists.
# A crash, leak, timeout (>10 s on one input) or sanitizer report fails the target.
# Without clang's fuzzer runtime it says so and skips (0 passed, 0 failed).
cd "$(dirname "$0")/.." || exit 1
secs=${FUZZ_SECONDS:-30}
clang=${FUZZ_CC:-clang}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$tmp/probe.c"
if ! command -v "$clang" >/dev/null 2>&1 || ! "$clang" -fsanitize=fuzzer "$tmp/probe.c" -o "$tmp/probe" >/dev/null 2>&1; then
  echo "skip: $clang with -fsanitize=fuzzer (libFuzzer runtime) is not available; fuzz targets not run"
  echo "0 passed, 0 failed"
  exit 0
fi
pass=0; fail=0
for src in tests/fuzz_*.c; do
  [ -e "$src" ] || continue
  name=$(basename "$src" .c)
  seeds=$(pwd)/tests/fuzz/${name#fuzz_}
  bin="$tmp/$name"
  if ! "$clang" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I. "$src" -o "$bin" -lm -lpthread 2>"$tmp/build.log"; then
    echo "FAIL $name: does not build"; cat "$tmp/build.log"; fail=$((fail+1)); continue
  fi
  mkdir -p "$tmp/corpus_$name"
  if [ -d "$seeds" ]; then set -- "$tmp/corpus_$name" "$seeds"; else set -- "$tmp/corpus_$name"; fi
  if (cd "$tmp" && "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 "$@") >"$tmp/$name.log" 2>&1; then
    echo "ok   $name ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$tmp/$name.log" | grep -o '[0-9]*$') runs in ${secs}s)"
    pass=$((pass+1))
  else
    echo "FAIL $name:"; grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$tmp/$name.log" | head -20
    ls "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* 2>/dev/null | head -3 | while read -r f; do echo "  input: $(od -c "$f" | head -5)"; done
    fail=$((fail+1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
