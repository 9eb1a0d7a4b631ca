#!/bin/bash
P=/work/main/docs/results/2026-12-06/stop43/selection-final/opencl-0.properties.stored-0617
cd /work/main
for i in 7 8; do   # 3 4, then 5 6 at the versions before (docs/PERFORMANCE.md)
  cp $P ~/.cache/numfuse/profiles/opencl-0.properties; cp /tmp/ab44/jvm.properties.good ~/.cache/numfuse/profiles/jvm.properties
  NUMFUSE_JAVA_OPTS="-Dnumfuse.learning.trace=true" ./numfuse bench selection --residency opencl:0 --repeats 21 --json /tmp/ab44/poison-new-$i.json > /tmp/ab44/poison-new-$i.log 2>&1
  grep -v "numfuse: learning:" /tmp/ab44/poison-new-$i.log > /tmp/ab44/poison-new-$i.txt; grep "launches in" /tmp/ab44/poison-new-$i.log > /tmp/ab44/poison-new-$i.launches; rm /tmp/ab44/poison-new-$i.log
  cp ~/.cache/numfuse/profiles/opencl-0.properties /tmp/ab44/poison-new-$i.profile-after
done
cp /tmp/ab44/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties
./numfuse bench selection --repeats 31 --json /tmp/ab44/final5-head.json > /tmp/ab44/final5-head.txt 2>&1
cp ~/.cache/numfuse/profiles/opencl-0.properties /tmp/ab44/final5-head.profile-after
cp /tmp/ab44/opencl-0.properties.good ~/.cache/numfuse/profiles/opencl-0.properties
echo done > /tmp/ab44/newonly.done
