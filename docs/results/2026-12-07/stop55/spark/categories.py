# jfr print --events jdk.ExecutionSample --stack-depth 40 nf-local[1].jfr > nfx-local[1].txt (and local[2]); then this.
import re
from collections import Counter
def cat(fr):
    t = fr[0]
    if 'io.numfuse.runtime.JvmTarget.runLoop' in t or 'io.numfuse.jvm' in t: return 'nf-kernel'
    if 'io.numfuse' in t: return 'nf-host'
    if 'ColumnAccessor' in t or 'extractTo' in t or 'Unsafe.getDouble' in t or 'copyMemory' in t or 'reserveInternal' in t or 'DefaultCachedBatch' in t: return 'spark-decode'
    if 'BufferedRowIterator' in t or 'GeneratedClass' in t: return 'spark-generated'
    return 'other:' + t
for m in ['local[1]', 'local[2]']:
    evs = open(f'nfx-{m}.txt').read().split('jdk.ExecutionSample {')[1:]
    c = Counter(); other = Counter()
    for e in evs:
        th = re.search(r'sampledThread = "([^"]*)"', e); th = th.group(1) if th else '?'
        if 'Executor task' not in th: continue
        fr = [l.strip().split('(')[0] for l in e.split('stackTrace = [')[1].split('\n')[1:] if 'line:' in l]
        if not fr: continue
        if any('Random' in f or 'randn' in f.lower() or 'XORShift' in f for f in fr): c['datagen'] += 1; continue
        k = cat(fr)
        if k.startswith('other'): other[k] += 1; k = 'other (Spark, JDK)'
        c[k] += 1
    print(m, 'task-thread samples', sum(c.values()), dict(c.most_common()))
    print('   other, top frames:', other.most_common(8))
