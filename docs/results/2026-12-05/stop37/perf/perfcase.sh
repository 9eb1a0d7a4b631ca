#!/bin/bash
# runs the a+b*c host subset; perf records system-wide during case 6 (a+b*c 1e5 float64)
cd /work/main
rm -f /tmp/p6.data
./numfuse bench selection --cases 'a+b*c' --residency host --repeats 11 --json /tmp/selp.json 2>&1 | while IFS= read -r line; do
  echo "$line"
  case "$line" in
    *"[6/7]"*) perf record -a -g -o /tmp/p6.data > /tmp/perf.log 2>&1 & echo $! > /tmp/perf.pid ;;
    *"[7/7]"*) kill -INT $(cat /tmp/perf.pid); sleep 1 ;;
  esac
done > /tmp/selp.txt
