# jfr print --events jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.JavaMonitorWait --stack-depth 14 park0.jfr > park0.txt; then this.
# park0.jfr: JfrProbe "40000000 local[2] sin(a)*cos(b)+sqrt(abs(c)) nf" with -XX:StartFlightRecording=filename=park0.jfr,settings=park0.jfc
import re
from collections import defaultdict
txt = open('park0.txt').read()
parts = re.split(r'\njdk\.(ThreadPark|JavaMonitorEnter|JavaMonitorWait) \{', txt)[1:]
agg = defaultdict(lambda: [0, 0.0]); tot = 0
for kind, e in zip(parts[0::2], parts[1::2]):
    th = re.search(r'eventThread = "([^"]*)"', e); th = th.group(1) if th else '?'
    if 'Executor task' not in th: continue
    m = re.search(r'duration = ([\d.]+) (\w+)', e)
    d = float(m.group(1)); u = m.group(2)
    d = d * 1e-3 if u == 'us' else d if u == 'ms' else d * 1e3 if u == 's' else d * 1e-6
    frames = [l.strip().split('(')[0] for l in e.split('stackTrace = [')[1].split('\n')[1:] if 'line:' in l]
    key = kind + ': ' + ' <- '.join(f.split('.')[-2] + '.' + f.split('.')[-1] for f in frames[:14] if ('numfuse' in f or 'spark' in f))[:260]
    agg[key][0] += 1; agg[key][1] += d; tot += d
print('task threads: waits in all (ms; the first line, no frame of numfuse or Spark, is an idle task thread waiting for a task)', round(tot, 1))
for k, v in sorted(agg.items(), key=lambda x: -x[1][1])[:12]: print(v[0], round(v[1], 1), 'ms', k)
