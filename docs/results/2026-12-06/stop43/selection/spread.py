import json,sys,statistics
def load(f):
    d=json.load(open(f)); out={}
    for x in d['results']:
        k=(x['case'],x['n'],x.get('dtype'),x.get('residency'))
        out.setdefault(k,{})[x['target']+('#2' if x['target'] in out.get(k,{}) else '')]=x
    return out
for f in sys.argv[1:]:
    o=load(f); rows=[]
    for k,v in o.items():
        if k[3]!='host' or k[1]<1000000: continue
        j=v.get('jvm'); a=v.get('auto')
        if not j or not isinstance(j.get('sample_s'),list): continue
        s=sorted(j['sample_s']); q1=s[len(s)//4]; q3=s[3*len(s)//4]
        sa=sorted(a['sample_s']) if a and isinstance(a.get('sample_s'),list) else None
        rows.append((k[0],k[1],k[2], q3/q1, (sa[3*len(sa)//4]/sa[len(sa)//4]) if sa else 0, a['median_s']/min(v[t]['median_s'] for t in v if t in('jvm','opencl:0')) if a else 0))
    print(f, 'host n>=1e6: jvm IQR ratio median %.2f; auto IQR %.2f; auto/fastest geomean %.3f'%(statistics.median(r[3] for r in rows), statistics.median(r[4] for r in rows), statistics.geometric_mean(r[5] for r in rows)))
    for r in rows: print('   %-22s %8d %-8s jvm q3/q1 %.2f auto q3/q1 %.2f auto/fastest %.2f'%r)
