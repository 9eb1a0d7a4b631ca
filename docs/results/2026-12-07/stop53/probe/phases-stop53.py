# stop 52's probe/phases.py with the worktree path; stop 53 also printed p90 and the last -DlastN calls only (see README)
# applied to 3d4bf9f for the runs in interleaving.txt (not committed)
# per-phase timers in auto's path (Scheduler.run, runPlaced); medians of the second half printed at exit
p='/tmp/itree/runtime/src/main/java/io/numfuse/runtime/Scheduler.java'
s=open(p).read()
def rep(old, new):
    global s
    assert old in s, old
    s = s.replace(old, new, 1)
rep("""    static void run(List<Kernel> kernels, Target on, boolean resultToHost, boolean readNow) {
        if (kernels.isEmpty()) return;""","""    static final String[] NAMES = {"hostWrote", "onHostOnly", "keys", "considerBack", "reuse", "stayed+record", "beforeSeg", "seg", "afterSeg", "ranFor", "learn", "tail"};
    static final long[][] PROBE = new long[NAMES.length][1 << 20];
    static final long[] T = new long[NAMES.length + 1];
    static int PN;
    static void t(int i) { T[i] = System.nanoTime(); }
    static { Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        StringBuilder sb = new StringBuilder("phases n=" + PN); long tot = 0;
        for (int c = 0; c < NAMES.length; c++) { int n = PN; long[] v = java.util.Arrays.copyOfRange(PROBE[c], n / 2, n); java.util.Arrays.sort(v); if (v.length > 0) { sb.append(String.format(" %s %.1f;", NAMES[c], v[v.length / 2] / 1e3)); if (c != 7) tot += v[v.length / 2]; } }
        sb.append(String.format(" sum-of-medians-without-seg %.1f", tot / 1e3));
        System.err.println(sb); })); }
    static void run(List<Kernel> kernels, Target on, boolean resultToHost, boolean readNow) {
        java.util.Arrays.fill(T, 0);
        t(0);
        run0(kernels, on, resultToHost, readNow);
        t(12);
        if (on instanceof AutoTarget && kernels.get(0).inputs().size() == 3 && T[8] > 0) {
            int n = PN++ & ((1 << 20) - 1);
            for (int c = 0; c < NAMES.length; c++) PROBE[c][n] = T[c + 1] - T[c];
        }
    }
    static void run0(List<Kernel> kernels, Target on, boolean resultToHost, boolean readNow) {
        if (kernels.isEmpty()) return;""")
rep("""            if (Migration.neverMoved(kernels)) Migration.hostWrote(kernels);   // before it runs: a write it may make on a device makes the hint moot
            boolean fastest""","""            if (Migration.neverMoved(kernels)) Migration.hostWrote(kernels);   // before it runs: a write it may make on a device makes the hint moot
            t(1);
            boolean fastest""")
rep("""                if (!hostOnly) {
                    keys = keys(kernels);""","""                t(2);
                if (!hostOnly) {
                    keys = keys(kernels);
                    t(3);""")
rep("""            Placement p = Placement.decide(""","""            t(4);
            Placement p = Placement.decide(""")
rep("""            LastPlacement.record(p);
            try {""","""            t(5);
            LastPlacement.record(p);
            t(6);
            try {""")
rep("""                long t0 = System.nanoTime();
                runSegment(t, segment);""","""                t(7);
                long t0 = System.nanoTime();
                runSegment(t, segment);
                t(8);""")
rep("""        p.ranFor((System.nanoTime() - started) / 1e9);
        p.learn();""","""        t(9);
        p.ranFor((System.nanoTime() - started) / 1e9);
        t(10);
        p.learn();
        t(11);""")
open(p,'w').write(s)
