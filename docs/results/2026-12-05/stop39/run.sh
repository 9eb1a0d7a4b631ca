#!/bin/bash
# run.sh LIB OUT.txt BENCH-ARGS...: the launcher's java command with a lib folder of one's choice
cd /work/main; . scripts/java25.sh
LIB=$1; T=$2; shift 2
LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,io.numfuse.jvm.JvmKernel*::run,0.1' \
  -cp "$LIB/*:bench/target/numfuse-bench.jar" io.numfuse.bench.Main "$@" > $T 2>&1
