# comp.jfr: JfrProbe "40000000 local[2] sin(a)*cos(b)+sqrt(abs(c)) nf" with -XX:StartFlightRecording=filename=comp.jfr,settings=comp.jfc
# jfr print --events jdk.Compilation comp.jfr > compx.txt; then: python3 compilations.py START (the HH:MM:SS.mmm UTC of PROBE-START)
import re, sys
from collections import Counter, defaultdict
start = sys.argv[1]
evs = open('compx.txt').read().split('jdk.Compilation {')[1:]
n = 0; total = 0.0; by = defaultdict(float); count = Counter(); rows = []
for e in evs:
    st = re.search(r'startTime = ([\d:.]+)', e).group(1)
    meth = re.search(r'method = (.+)', e).group(1).strip()
    d = re.search(r'duration = ([\d.]+) (\w+)', e)
    ms = float(d.group(1)) * {'ms': 1, 'us': 1e-3, 's': 1000, 'ns': 1e-6}[d.group(2)]
    rows.append((ms, st, meth))
    if st < start: continue
    pkg = '.'.join(meth.split('.')[:3])
    n += 1; total += ms; by[pkg] += ms; count[pkg] += 1
print(f'compilations after the warm-up (3 queries): {n}, {total:.0f} ms of compiler time')
for k, v in sorted(by.items(), key=lambda x: -x[1])[:12]: print(f'  {count[k]:5d} {v:8.1f} ms {k}')
print('the longest compilations of the whole run:')
for ms, st, meth in sorted(rows, reverse=True)[:10]: print(f'  {ms:8.1f} ms at {st} {meth}')
