#!/bin/bash
# WProbe 316, 14 s, loop spin 50 (as before) vs 250 (the new default), in turns; one calibrated profile dir copied each time
. /work/main/scripts/java25.sh
P=${PROFILES:-/tmp/spin-profiles}
for i in $(seq 1 ${1:-3}); do
  for s in 50 250; do
    d=$(mktemp -d); cp -r $P/. $d/
    echo "## round $i loopSpinMicros=$s load $(cut -d' ' -f1 /proc/loadavg)"
    java -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.loopSpinMicros=$s -Dnumfuse.profileDir=$d \
      -cp "/tmp/wprobe:/tmp/ab-spin-jars/numfuse-bench.jar:/tmp/ab-spin-jars/lib/*" io.numfuse.bench.WProbe 316 14 2>&1 | grep -v WARN | tail -4
  done
done
