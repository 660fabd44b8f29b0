#!/bin/sh
# The progress line of `embargo screen`: drawn on standard error when it is a
# terminal and the input passes 8 MiB, erased at the end; never drawn with
# --no-progress, nor when standard error is not a terminal. The rows written
# are the same either way.
#   progress_test.sh EMBARGO WORK_DIR
# util-linux's `script` gives the command a terminal. The input comes down a
# pipe in two parts a second apart, so that the screen is still running
# half a second after it read 8 MiB, however fast it is.
set -eu
embargo=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work"

command -v script >/dev/null || { echo "SKIPPED: no script(1)"; exit 0; }

header='id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd'
{
  echo "$header"
  # 230,000 rows of about 42 bytes: 9.7 MB, goods under no quota (the cap
  # ledger would hold rows back).
  awk 'BEGIN { for (i = 0; i < 230000; i++) printf "L%d,030743,KP,CN,KP,2018-03,10,t,1000\n", i }'
} > first.csv
# The line is redrawn every 4,096 rows at most: the second part has more.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "M%d,030743,KP,CN,KP,2018-04,1,t,500\n", i }' > second.csv

cat > run.sh <<EOS
#!/bin/sh
{ cat first.csv; sleep 1; cat second.csv; } | "$embargo" screen - -o "\$@" --fail-on none
EOS

fail() { echo "FAIL: $*"; exit 1; }

script -qec "sh run.sh shown.csv" typescript-shown.txt >/dev/null </dev/null
script -qec "sh run.sh quiet.csv --no-progress" typescript-quiet.txt >/dev/null </dev/null
sh run.sh piped.csv 2>stderr-piped.txt

grep -q 'embargo screen: .* rows, .* MB' typescript-shown.txt ||
  fail "no progress line on a terminal: $(cat typescript-shown.txt)"
# Erased at the end: the last progress line is followed by carriage return and
# erase-to-end-of-line.
printf '\r\033[K' > erase.txt
grep -qF "$(cat erase.txt)" typescript-shown.txt || fail "the progress line is not erased"
if grep -q 'embargo screen: .* rows' typescript-quiet.txt; then fail "--no-progress drew a progress line"; fi
if grep -q 'embargo screen: .* rows' stderr-piped.txt; then fail "a progress line where stderr is not a terminal"; fi
cmp -s shown.csv quiet.csv || fail "the rows differ with and without a progress line"
cmp -s shown.csv piped.csv || fail "the rows differ on a terminal and off it"
rows=$(wc -l < shown.csv)
[ "$rows" -eq 240001 ] || fail "expected 240,001 lines (header and every row), found $rows"
echo "progress line drawn and erased on a terminal, never elsewhere; rows identical"
