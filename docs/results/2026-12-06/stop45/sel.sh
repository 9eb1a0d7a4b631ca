#!/bin/bash
# full selection, base and new alternated, each from the same (good) profiles: TAG N ARGS...
TAG=$1; shift; N=$1; shift
for i in $(seq 1 $N); do
  for w in base new; do
    d=/tmp/base; [ $w = new ] && d=/work/main
    cp /tmp/ab45/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties; cp /tmp/ab45/jvm.properties.good ~/.cache/numfuse/profiles/jvm.properties
    (cd $d && ./numfuse bench selection "$@" --json /tmp/ab45/$TAG-$w-$i.json > /tmp/ab45/$TAG-$w-$i.txt 2>&1)
    cp ~/.cache/numfuse/profiles/opencl-0.properties /tmp/ab45/$TAG-$w-$i.profile-after
  done
done
cp /tmp/ab45/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties
echo done > /tmp/ab45/$TAG.done
