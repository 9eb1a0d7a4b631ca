#!/bin/bash
# alternate builds: base (/tmp/itree at 48f4fef) and new (/work/main), resident cases, fresh profiles each
for i in 1 2; do
  for b in base new; do
    dir=/work/main; [ $b = base ] && dir=/tmp/itree
    P=/tmp/s53/prof-res-$b-$i; rm -rf $P
    (cd $dir && NUMFUSE_JAVA_OPTS=-Dnumfuse.profileDir=$P ./numfuse bench selection --residency opencl:0 --repeats 31 --json /tmp/s53/res-$b-$i.json > /tmp/s53/res-$b-$i.txt 2>&1)
  done
done
echo finished
