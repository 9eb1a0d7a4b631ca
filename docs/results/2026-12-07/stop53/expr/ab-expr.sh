#!/bin/bash
# ab-expr.sh EXPR SIZE REPS: base (/tmp/itree) and new (/work/main) taking turns, resident on opencl:0, fresh profiles
expr=$1; size=$2; reps=$3
for i in $(seq $reps); do
  for b in base new; do
    dir=/work/main; [ $b = base ] && dir=/tmp/itree
    P=$(mktemp -d)
    echo -n "$b: "
    (cd $dir && NUMFUSE_JAVA_OPTS=-Dnumfuse.profileDir=$P ./numfuse bench --expr "$expr" --size $size --targets opencl:0,auto --residency opencl:0 --repeats 31 2>&1 | grep -E "^\S+ \(alloc\)|^\S+ \(into\)" | awk '{printf "%s %s/%s %s | ", $2, $6$7, $8$9, $NF}')
    echo
  done
done
