#!/bin/bash
# The launcher's JVM flags with the probes (compiled into /tmp/p40/classes, see ../README.md) first
# on the class path: run.sh ARGS... (CLASS=io.numfuse.runtime.PartsProbe for the other probe;
# JOPTS for more JVM options).
cd "$(dirname "$0")/../../../../.."; . scripts/java25.sh
B=bench/target
POCL_AFFINITY=${POCL_AFFINITY:-1} LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,io.numfuse.jvm.JvmKernel*::run,0.1' -Dnumfuse.calibration=now $JOPTS \
  -cp "/tmp/p40/classes:$B/numfuse-bench.jar:$B/lib/*" ${CLASS:-io.numfuse.bench.RMProbe} "$@" 2>&1 | grep -v "^WARNING: Using incubator"
