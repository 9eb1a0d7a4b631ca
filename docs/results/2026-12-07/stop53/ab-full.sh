#!/bin/bash
# the whole selection suite, new (/work/main) then base (/tmp/itree at 48f4fef), fresh profiles each
for b in new base; do
  dir=/work/main; [ $b = base ] && dir=/tmp/itree
  P=/tmp/s53/prof-sel-$b; rm -rf $P
  (cd $dir && NUMFUSE_JAVA_OPTS=-Dnumfuse.profileDir=$P ./numfuse bench selection --repeats 31 --json /tmp/s53/sel-$b.json > /tmp/s53/sel-$b.txt 2>&1)
done
echo finished
