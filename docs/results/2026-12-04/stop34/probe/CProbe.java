import io.numfuse.runtime.Calibration;
import io.numfuse.runtime.Target;
import io.numfuse.runtime.Targets;
import java.util.ArrayList;
import java.util.List;

/** Calibrates the targets named in its arguments (jvm, opencl:0) together, in a fresh JVM, and prints the time it took and each profile. */
public class CProbe {
    public static void main(String[] a) {
        List<Target> ts = new ArrayList<>();
        for (String s : a) ts.add(Targets.parse(s));
        long t0 = System.nanoTime();
        var out = Calibration.calibrate(ts);
        System.out.printf("total %.3f s%n", (System.nanoTime() - t0) / 1e9);
        for (var o : out) System.out.println(o.target().name() + " " + o.profile());
    }
}
