package io.numfuse.bench;

import io.numfuse.runtime.KernelRuns;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Where a demo's kernels actually ran ({@link KernelRuns}), for its table and its JSON: a figure is never reported as a device's when the work ran elsewhere. */
final class RanOn {
    private RanOn() {}

    /** The targets that ran kernels, with {@code fell back:<device>} when a device failed. */
    static Set<String> targets(Map<String, Long> runs) { return new TreeSet<>(runs.keySet()); }

    /** A remark for a table line: under auto, where its kernels ran; on a named target whose work ran elsewhere, that it is not its figure; else "". */
    static String note(String target, Set<String> ranOn) {
        if (ranOn.isEmpty() || ranOn.equals(Set.of(target))) return "";
        if (target.equals("auto") || target.startsWith("auto:")) return "  (its kernels ran on " + String.join(", ", ranOn) + ")";   // auto's choice, shown
        return "  ! not " + target + "'s figure: its kernels ran on " + String.join(", ", ranOn);
    }

    /** {@code , "ran_on": [...]} for a result object. */
    static String json(Set<String> ranOn) {
        StringBuilder sb = new StringBuilder(", \"ran_on\": [");
        int i = 0;
        for (String t : ranOn) sb.append(i++ == 0 ? "" : ", ").append(Json.quote(t));
        return sb.append(']').toString();
    }
}
