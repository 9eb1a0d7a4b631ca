package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The selection table's summary stays within the table's 100 columns whatever its figures. */
class SelectionSummaryTest {
    /**
     * Figures at their widest: three-digit shares and counts, a worst case with a long name. A
     * noise floor of 100% round by round made one line 101 columns (a CI run of the suite's test).
     */
    @Test
    void theSummaryFitsA100ColumnTableWithItsWidestFigures() {
        SelectionTable.Selection worst = new SelectionTable.Selection("a/(b+1)+b/(a+1)", "1000x1000", 1_000_000, "float64", "opencl:0", "into",
                Map.of("jvm", 1e-3, "opencl:0", 2e-3), "jvm", "jvm+opencl:0", 9.42e-3, 1e-3, 9.42, 1.0);
        SelectionTable.Control all = new SelectionTable.Control(100, 100, 1.024, 10.55);
        SelectionTable.Summary m = new SelectionTable.Summary(100, 100, 1.084, worst, Map.of("jvm", 1.0, "opencl:0", 5.855), all,
                new SelectionTable.Paired(100, 100, 1.085, worst, all));
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            SelectionTable.printSummary(out, m);
        }
        assertTrue(text.toString().contains("the noise floor so: within 10% of itself in 100 of 100 cases (100%)"), text.toString());
        assertTrue(text.toString().lines().noneMatch(l -> l.length() > 100), "100 columns:\n" + text);
    }
}
