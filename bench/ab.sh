#!/usr/bin/env bash
# Before/after of issue 14's rows: two arrlang binaries, alternated round by round, wall time,
# CPU time (user + system: the robust figure on a shared machine) and peak RSS per run.
# `OLD=path NEW=path bench/ab.sh` (defaults: /tmp/arrlang-old, target/release/arrlang);
# ROUNDS=n; the W3 rows need bench/w3_climate.sh's files in $DIR (default /tmp/arrlang-w3).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${OLD:-/tmp/arrlang-old}
NEW=${NEW:-target/release/arrlang}
ROUNDS=${ROUNDS:-3}
DIR=${DIR:-/tmp/arrlang-w3}
W1='x = random((20000, 20000), chunks=(2000, 2000), seed=0); ((2 * x + 1) ** 3).sum()'
NS='normal((20000, 20000), chunks=(2000, 2000), seed=0).sum()'
SV='save("/tmp/ab-save.npy", random((20000, 20000), chunks=(2000, 2000), seed=0).astype(float32))'
F="%e s wall, %U+%S s cpu, %M kB"
for r in $(seq "$ROUNDS"); do
  for v in old new; do
    B=$OLD; [ $v = new ] && B=$NEW
    /usr/bin/time -f "w1 $v $F" "$B" --no-progress -e "$W1" > /dev/null
    /usr/bin/time -f "normal $v $F" "$B" --no-progress -e "$NS" > /dev/null
    for kind in compressed raw; do
      [ -f "$DIR/three-$kind.arr" ] &&
        /usr/bin/time -f "w3-$kind $v $F" "$B" --no-progress "$DIR/three-$kind.arr" > /dev/null
    done
    rm -f /tmp/ab-save.npy; sync
    /usr/bin/time -f "save+sync $v $F" sh -c "\"$B\" --no-progress -e '$SV' && sync" > /dev/null
    rm -f /tmp/ab-save.npy
  done
  sync
  /usr/bin/time -f "dd-fdatasync - $F" sh -c \
    'dd if=/dev/zero of=/tmp/ab-dd bs=1M count=1526 conv=fdatasync 2>/dev/null'
  rm -f /tmp/ab-dd
done
