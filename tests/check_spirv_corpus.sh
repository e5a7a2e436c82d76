#!/bin/sh
# Word-for-word comparison of alpha_spirv.h's text assembler (examples/spirv_as.c) with
# spirv-as (SPIRV-Tools), ignoring the generator word:
#   - every tests/spirv_corpus/*.comp is compiled with glslangValidator (Vulkan 1.2),
#     printed with spirv-dis (friendly names and --raw-id), then assembled by both;
#   - every tests/spirv_corpus/*.spvasm (hand-written literal/string/mask/raw-word cases).
cd "$(dirname "$0")/.." || exit 1
pass=0; fail=0
ok() { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1: $2"; }
for t in spirv-as spirv-dis glslangValidator; do
  if ! command -v $t >/dev/null 2>&1; then echo "FAIL: $t is not installed (apt-get install spirv-tools glslang-tools)"; echo "0 passed, 1 failed"; exit 1; fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! ${CC:-cc} -O1 -I. examples/spirv_as.c -o "$tmp/spirv_as"; then echo "FAIL: examples/spirv_as.c does not build"; echo "0 passed, 1 failed"; exit 1; fi
words() { od -An -tx4 -v -w4 "$1" | sed 3d; }   # all words but the generator
same() { words "$1" > "$tmp/a.txt"; words "$2" > "$tmp/b.txt"; cmp -s "$tmp/a.txt" "$tmp/b.txt"; }
cmpone() { # name text-file [flags]
  if ! spirv-as "$2" -o "$tmp/ref.spv" 2>"$tmp/ref.err"; then bad "$1" "spirv-as: $(cat "$tmp/ref.err")"; return; fi
  if ! "$tmp/spirv_as" $3 "$2" -o "$tmp/mine.spv" 2>"$tmp/mine.err"; then bad "$1" "alpha: $(cat "$tmp/mine.err")"; return; fi
  if same "$tmp/ref.spv" "$tmp/mine.spv"; then ok "$1"
  else bad "$1" "words differ: $(diff "$tmp/a.txt" "$tmp/b.txt" | head -6 | tr '\n' ' ')"; fi
}
for f in tests/spirv_corpus/*.comp; do
  n=$(basename "$f" .comp)
  if ! glslangValidator -V --target-env vulkan1.2 -o "$tmp/$n.spv" "$f" >"$tmp/gl.log" 2>&1; then bad "$n" "glslang: $(cat "$tmp/gl.log")"; continue; fi
  if ! spirv-dis "$tmp/$n.spv" -o "$tmp/$n.spvasm"; then bad "$n" "spirv-dis failed"; continue; fi
  cmpone "$n.comp (named ids)" "$tmp/$n.spvasm"
  spirv-dis --raw-id "$tmp/$n.spv" -o "$tmp/${n}_raw.spvasm" && cmpone "$n.comp (numeric ids)" "$tmp/${n}_raw.spvasm"
done
for f in tests/spirv_corpus/*.spvasm; do cmpone "$(basename "$f")" "$f" --allow-undefined-ids; done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
