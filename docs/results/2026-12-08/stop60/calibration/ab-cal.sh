#!/bin/bash
# calibration A/B in turns: old (method 9), m11, m12; each from an empty profile dir
rounds=${1:-8}
for i in $(seq 1 $rounds); do
  for v in old m11 m12; do
    d=$(mktemp -d)
    out=$(cd /tmp/ab-$v && NUMFUSE_PREBUILT=1 NUMFUSE_JAVA_OPTS="-Dnumfuse.profileDir=$d" ./numfuse devices --calibrate 2>&1)
    took=$(echo "$out" | grep -o "calibration took [0-9.]* s" )
    echo "$i $v $took $(cat /proc/loadavg | cut -d' ' -f1)"
    cp -r $d /tmp/ab-profiles-$v-$i 2>/dev/null
  done
done
