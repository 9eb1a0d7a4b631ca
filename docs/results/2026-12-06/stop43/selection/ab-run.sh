#!/bin/bash
# alternate base and new: ARGS... ; output /tmp/ab43/$TAG-{base,new}-$i.txt
TAG=$1; shift; N=$1; shift
for i in $(seq 1 $N); do
  for w in base new; do
    d=/tmp/base; [ $w = new ] && d=/work/main
    (cd $d && ./numfuse bench selection "$@" --json /tmp/ab43/$TAG-$w-$i.json > /tmp/ab43/$TAG-$w-$i.txt 2>&1)
  done
done
echo done > /tmp/ab43/$TAG.done
