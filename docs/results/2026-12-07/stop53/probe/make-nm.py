# Writes NM.java: 300 small static methods called in a row (each its own compiled method with
# -XX:CompileCommand=dontinline,NM::m*), timed at their first call after a collection and again.
# `java NM` after System.gc() (a full collection); `java NM young` after a young one (allocation).
# javac NM.java && java -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,NM::m* NM [young]
n = 300
ms = "\n".join(f"    static int m{i}(int x) {{ return x * {i+3} + {i}; }}" for i in range(n))
calls = "\n".join(f"        s += m{i}(s);" for i in range(n))
open('NM.java', 'w').write(f"""
public class NM {{
{ms}
    static int all(int s) {{
{calls}
        return s;
    }}
    static Object[] junk = new Object[100000];
    static long gcs() {{ long c = 0; for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) c += b.getCollectionCount(); return c; }}
    public static void main(String[] a) throws Exception {{
        for (int i = 0; i < junk.length; i++) junk[i] = new int[10];
        int s = 0;
        for (int i = 0; i < 200000; i++) s = all(s);
        long[] t = new long[50], u = new long[50];
        for (int r = 0; r < 50; r++) {{
            if (a.length > 0) {{ long c0 = gcs(); while (gcs() == c0) junk[(int) (Math.random() * junk.length)] = new int[1000]; }} else System.gc();
            Thread.sleep(5);
            long t0 = System.nanoTime(); s = all(s); long t1 = System.nanoTime(); s = all(s); long t2 = System.nanoTime();
            t[r] = t1 - t0; u[r] = t2 - t1;
        }}
        java.util.Arrays.sort(t); java.util.Arrays.sort(u);
        System.out.println("first call after gc: " + t[25] / 1e3 + " us, second: " + u[25] / 1e3 + " us (" + s + ")");
    }}
}}
""")
