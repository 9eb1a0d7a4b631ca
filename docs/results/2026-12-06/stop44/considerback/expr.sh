#!/bin/bash
# alternate base and new on one --expr case: TAG N ARGS...
TAG=$1; shift; N=$1; shift
for i in $(seq 1 $N); do
  for w in base new; do
    d=/tmp/base; [ $w = new ] && d=/work/main
    (cd $d && POCL_AFFINITY=1 ./numfuse bench "$@" > /tmp/ab44/$TAG-$w-$i.txt 2>&1)
  done
done
echo done > /tmp/ab44/$TAG.done
