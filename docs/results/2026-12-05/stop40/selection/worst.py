import json, sys
d=json.load(open(sys.argv[1])); rows={}
for r in d['results']:
    rows.setdefault((r['case'], r['n'], r['dtype'], r['residency']), {})[r['target']]=r
out=[]
for k,v in rows.items():
    if 'auto' not in v: continue
    others={t:r['median_s'] for t,r in v.items() if t in ('jvm','opencl:0')}
    if not others: continue
    ft=min(others,key=others.get); a=v['auto']['median_s']
    out.append((a/others[ft], k, ft, v['auto'].get('ran_on'), {t:'%.3g'%s for t,s in others.items()}, '%.3g'%a))
out.sort(reverse=True)
for o in out[:14]: print('%.2f'%o[0], o[1], 'fastest', o[2], 'auto ran', o[3], o[4], 'auto', o[5])
