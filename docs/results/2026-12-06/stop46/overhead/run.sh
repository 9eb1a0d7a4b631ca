#!/bin/bash
cd /work/main; . scripts/java25.sh
B=${BDIR:-bench/target}
POCL_AFFINITY=${POCL_AFFINITY:-1} LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,io.numfuse.jvm.JvmKernel*::run,0.1' $JOPTS \
  -cp "/tmp/p46/classes:$B/numfuse-bench.jar:$B/lib/*" ${CLASS:-SmallProbe} "$@" 2>&1 | grep -v "^WARNING: Using incubator"
