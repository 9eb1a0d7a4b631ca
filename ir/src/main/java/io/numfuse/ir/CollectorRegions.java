package io.numfuse.ir;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM's collector tells about large arrays: from which size G1 allocates an array as a
 * humongous object (half a heap region), which it never copies and frees in a young collection
 * once dead. Read from the VM's options ({@code UseG1GC}, {@code G1HeapRegionSize}); 0 with
 * another collector, or when the options cannot be read.
 */
final class CollectorRegions {
    private CollectorRegions() {}

    /** Half of G1's heap region in bytes, or 0 when the collector is not G1 or its region size is unknown. */
    static long neverCopiedBytes() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) return 0;
            return Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) / 2;
        } catch (RuntimeException e) {   // no such option (another VM)
            return 0;
        }
    }
}
