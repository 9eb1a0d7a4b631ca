#!/bin/bash
# the launcher's java command, with a lib folder of one's choice: selrun.sh LIB OUT.json OUT.txt [java opts...]
cd /work/main; . scripts/java25.sh
LIB=$1; J=$2; T=$3; shift 3
LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -Xss8m -XX:+UseG1GC --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,io.numfuse.jvm.JvmKernel*::run,0.1' -Dnumfuse.calibration=now "$@" \
  -cp "$LIB/*:bench/target/numfuse-bench.jar" io.numfuse.bench.Main bench selection --repeats 11 --json $J > $T 2>&1
