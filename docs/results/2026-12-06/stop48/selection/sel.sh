#!/bin/bash
# selection from the good profiles: TAG N ARGS...
TAG=$1; shift; N=$1; shift
for i in $(seq 1 $N); do
  cp /tmp/ab45/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties; cp /tmp/ab45/jvm.properties.good ~/.cache/numfuse/profiles/jvm.properties
  (cd /work/main && ./numfuse bench selection "$@" --json /tmp/s48/$TAG-$i.json > /tmp/s48/$TAG-$i.txt 2>&1)
done
cp /tmp/ab45/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties
cp /tmp/ab45/jvm.properties.good ~/.cache/numfuse/profiles/jvm.properties
echo done > /tmp/s48/$TAG.done
