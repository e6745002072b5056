# The median phases of traced runs (bench/run-phases.sh): reads a HOIST_TRACE log whose runs
# begin with a "client start" line; per mark, the median ms since that line and since the mark before.
import sys,re,statistics
runs=[];cur=None
for line in open(sys.argv[1]):
    p=line.split(None,3)
    if len(p)<4: continue
    t=float(p[0]); ev=re.sub(r'[0-9a-f]{64}','ID',p[3].strip())
    if 'client start' in line: cur=[];runs.append(cur)
    if cur is not None: cur.append((t,p[2]+' '+ev if p[2]!='0' else ev))
order=[];d={}
for r in runs:
    t0=r[0][0];prev=t0
    for t,ev in r:
        if ev not in d: d[ev]=([],[]);order.append(ev)
        d[ev][0].append((t-t0)*1000); d[ev][1].append((t-prev)*1000); prev=t
print(f"{len(runs)} runs; median ms since client start | median ms since previous line")
for ev in order:
    print(f"{statistics.median(d[ev][0]):7.1f} {statistics.median(d[ev][1]):6.1f}  {ev}")
