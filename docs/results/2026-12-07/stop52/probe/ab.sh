# ab.sh N ROUNDS REPS builds...: alternate builds
n=$1; r=$2; reps=$3; shift 3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
for i in $(seq $reps); do for b in "$@"; do
  echo -n "$b: "; LD_PRELOAD=$(dirname $J)/lib/libjsig.so POCL_AFFINITY=1 $J/java -XX:+UseG1GC -Xss8m --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "/tmp/p:/tmp/instr/$b/numfuse-bench.jar:/tmp/instr/$b/lib/*" ResOver $n $r 2>&1 | grep -E "median|probe" | sed 's/, min [^,]*, p10 [^,]*, p90 [^ ]* us//; s/p25 [0-9.]* p75 [0-9.]*;//g' | tr '\n' ' '; echo
done; done
