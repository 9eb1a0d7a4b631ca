import json, sys, math
def load(f):
    d=json.load(open(f)); out={}
    for r in d['results']:
        k=(r['case'], r['n'], r['dtype'], r['residency'], r['target'])
        out[k]=r['median_s']
    return out
a=load(sys.argv[1]); b=load(sys.argv[2])
for tgt in ['opencl:0','jvm','auto']:
    rs=[]
    for k in a:
        if k[4]==tgt and k in b: rs.append((b[k]/a[k], k))
    rs.sort()
    g=math.exp(sum(math.log(x) for x,_ in rs)/len(rs))
    print(tgt, "n=%d geomean %s/%s = %.3f" % (len(rs), sys.argv[2], sys.argv[1], g))
    if tgt=='opencl:0':
        for x,k in rs[:6]+rs[-6:]: print("   %.2f %s" % (x, k[:4]))
