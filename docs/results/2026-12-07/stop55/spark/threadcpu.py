# jfr print --events jdk.ThreadCPULoad nf-local[2].jfr > cpuload2.txt (JfrProbe "40000000 local[2] a+b*c nf", cpu.jfc: every 100 ms); then this.
import re
from collections import defaultdict
agg = defaultdict(float)
for e in open('cpuload2.txt').read().split('jdk.ThreadCPULoad {')[1:]:
    th = re.search(r'eventThread = "([^"]*)"', e); th = th.group(1) if th else '?'
    u = float(re.search(r'user = ([\d.]+)%', e).group(1)); s = float(re.search(r'system = ([\d.]+)%', e).group(1))
    agg[re.sub(r'\d+', 'N', th)] += (u + s) / 100 * 0.1 * 2   # a share of the machine's 2 cores over a 100 ms period: core-seconds
for k, v in sorted(agg.items(), key=lambda x: -x[1])[:10]: print(f'{v:7.1f} core-seconds  {k}')
