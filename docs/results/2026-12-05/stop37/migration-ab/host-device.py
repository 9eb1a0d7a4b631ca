# Each selection JSON's cases split into host and device/loop residencies: auto's share within 10%
# of the fastest target, geometric mean and worst of auto/fastest (medians), and the noise floor's
# share (the JVM measured twice). Usage: python3 host-device.py RUN.json...
import json,sys,statistics
def load(f):
    d=json.load(open(f)); rows=d['results']
    cases={}
    for r in rows:
        if r['case'].startswith('first-call'): continue   # the first calls of new expressions: no median to compare
        k=(r['case'],r['n'],r['dtype'],r['residency'])
        cases.setdefault(k,{})[(r['target'],r.get('mode'))]=r['median_s']
    out={}
    for k,v in cases.items():
        tg=[t for (t,m) in v if m is None and not t.startswith('auto')]
        fastest=min(v[(t,None)] for t in tg)
        auto=[v[(t,m)] for (t,m) in v if t.startswith('auto')]
        ctrl=v.get(('jvm','control')); jvm=v.get(('jvm',None))
        if auto: out[k]=(auto[0]/fastest, max(ctrl,jvm)/min(ctrl,jvm) if ctrl else None)
    return out
for f in sys.argv[1:]:
    o=load(f)
    for sel,name in ((lambda k:k[3]=='host','host'),(lambda k:k[3]!='host','device/loop'),(lambda k:True,'all')):
        rs=[v[0] for k,v in o.items() if sel(k)]
        nf=[v[1] for k,v in o.items() if sel(k) and v[1]]
        gm=statistics.geometric_mean(rs)
        print(f"{f[-14:]} {name:12s} n={len(rs):2d} within10 {sum(r<=1.1 for r in rs)/len(rs):.0%} geomean {gm:.3f} worst {max(rs):.2f} | noise floor within10 {sum(x<=1.1 for x in nf)/len(nf):.0%}")
