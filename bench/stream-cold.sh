#!/usr/bin/env bash
# Out-of-core figures on one file (bench/README.md, "Data larger than the heap"): the stream's read
# rate from a cold file against dd's on the same file, a streamed epoch from a cold file, and the
# memory high-water mark of `vlogit train` streaming against loading. Empties the page cache before
# each cold run (needs root). Run from the repository after building vlogit and bench/:
#   bash bench/stream-cold.sh [N] [M] [DIR]     (default 128 features × 8388608 examples: 4 GiB)
set -euo pipefail
n=${1:-128}
m=${2:-8388608}
dir=${3:-$(mktemp -d)}
jar=bench/target/benchmarks.jar
x=$dir/x.npy
y=$dir/y.npy
cold() { sync; echo 3 > /proc/sys/vm/drop_caches; }
[ -f "$x" ] || java -cp $jar io.vlogit.bench.BigNpy "$x" "$y" "$n" "$m"
grep -m1 'model name' /proc/cpuinfo
java -version 2>&1 | head -1
ls -l "$x"
cold; echo "dd (cold):"; dd if="$x" of=/dev/null bs=4M 2>&1 | tail -1
cold; java @jvm.config -Xmx1g -cp $jar io.vlogit.bench.StreamCold read "$x" "$y"
echo "dd (warm):"; dd if="$x" of=/dev/null bs=4M 2>&1 | tail -1
java @jvm.config -Xmx1g -cp $jar io.vlogit.bench.StreamCold read "$x" "$y"
cold; java @jvm.config -Xmx1g -cp $jar io.vlogit.bench.StreamCold fit "$x" "$y"
java @jvm.config -Xmx1g -cp $jar io.vlogit.bench.StreamCold fit "$x" "$y"
for mode in stream memory; do
  flags=(--stream); heap=-Xmx1g
  # In memory the heap must exceed twice x, or train streams by itself.
  if [ $mode = memory ]; then flags=(); heap=-Xmx$(( (2 * n * m * 4 + m * 8) / 1073741824 + 2 ))g; fi
  /usr/bin/time -f "$mode ($heap): peak RSS %M KiB, %e s" \
    java @jvm.config $heap -jar core/target/vlogit.jar train --x "$x" --y "$y" "${flags[@]}" --epochs 3 \
    > /dev/null
done
