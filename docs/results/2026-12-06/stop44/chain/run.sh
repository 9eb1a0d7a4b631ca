#!/bin/bash
# javac -d /tmp/p44/classes -cp "bench/target/numfuse-bench.jar:bench/target/lib/*" docs/results/2026-12-06/stop44/chain/ChainProbe.java
# then, from the repository root: run.sh 1000 8 8   (N, body cap, seconds)
cd "$(git rev-parse --show-toplevel)"; . scripts/java25.sh
B=bench/target
POCL_AFFINITY=${POCL_AFFINITY:-1} java -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dnumfuse.calibration=off \
  -cp "/tmp/p44/classes:$B/numfuse-bench.jar:$B/lib/*" io.numfuse.runtime.ChainProbe "$@" 2>&1 | grep -v "^WARNING: Using incubator"
