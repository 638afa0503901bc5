#!/usr/bin/env bash
# Before/after of issue 14's W2 (memory) and W5 (per-task cost) rows: two arrlang binaries,
# alternated round by round; wall time, CPU time (user + system), peak RSS, and `--stats`'
# planned peak held. `OLD=path NEW=path ROUNDS=n bench/limits2.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${OLD:-/tmp/arrlang-old}
NEW=${NEW:-target/release/arrlang}
ROUNDS=${ROUNDS:-3}
W2='x = random((100000, 500), chunks=(5000, 500), seed=1); y = random((100000, 500), chunks=(5000, 500), seed=2); (x.T.dot(y) - y.mean(axis=0)).sum()'
W5='x = ones((20000000,), chunks=(20,)); x.sum()'
W5R='x = random((20000000,), chunks=(20,), seed=0); (2 * x + 1).mean()'
F="%e s wall, %U+%S s cpu, %M kB"
uptime
for r in $(seq "$ROUNDS"); do
  for v in old new; do
    B=$OLD; [ $v = new ] && B=$NEW
    for w in W2 W5 W5R; do
      /usr/bin/time -f "$w $v $F" "$B" --no-progress --stats -e "${!w}" 2>&1 | tr '\n' ' '
      echo
    done
  done
done
uptime
