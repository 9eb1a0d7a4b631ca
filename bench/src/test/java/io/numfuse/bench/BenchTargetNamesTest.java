package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.numfuse.runtime.Targets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bench row is flagged "not TARGET's figure" only when its kernels ran elsewhere than the target
 * it names: an auto policy ({@code auto:jvm}, {@code auto:prefer-device}) chooses as {@code auto}
 * does, and an alias ({@code opencl}, {@code cpu}) runs on the device it names. Both were flagged.
 */
class BenchTargetNamesTest {
    @Test
    void autoPoliciesAndAliasesAreNotFlagged() {
        String targets = Targets.openCl().isEmpty() ? "jvm,auto:jvm" : "jvm,auto:jvm,opencl";
        Map<String, Object> j = BenchCommandTest.json(BenchCommandTest.bench("--expr", "a*b+1", "--size", "100", "--targets", targets, "--json", "-"));
        List<Map<String, Object>> results = BenchCommandTest.results(j);
        List<Object> names = results.stream().map(r -> r.get("target")).distinct().toList();
        assertTrue(names.contains("auto:jvm"), names.toString());
        if (!Targets.openCl().isEmpty()) {
            assertTrue(names.contains("opencl:0") && !names.contains("opencl"), "the alias by its device's name: " + names);
        }
        for (Map<String, Object> r : results) assertNull(r.get("not_target_figure"), r.toString());
    }

    @Test
    void aTargetNamedTwiceByAliasesRunsOnce() {
        if (Targets.openCl().isEmpty()) return;
        assertEquals(List.of("jvm", "opencl:0"), BenchCommand.parseTargets("jvm,opencl,opencl:0,OpenCL:0"));
    }
}
