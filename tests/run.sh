#!/bin/sh
# Runs every test program given on the command line (binaries or shell scripts),
# sums their "N passed, N failed" lines and prints the total last.
# A program that crashes, or prints no summary, counts as one failure.
total_p=0; total_f=0
for t in "$@"; do
  echo "== $t"
  log=$(mktemp)
  case "$t" in
    *.sh) sh "$t" >"$log" 2>&1; rc=$? ;;
    *) "$t" >"$log" 2>&1; rc=$? ;;
  esac
  grep -v -E '^ok   ' "$log"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  rm -f "$log"
  if [ -z "$line" ]; then
    echo "FAIL $t: exited $rc with no summary line"; total_f=$((total_f+1)); continue
  fi
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $t: exited $rc"; f=1
  fi
  total_p=$((total_p+p)); total_f=$((total_f+f))
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
