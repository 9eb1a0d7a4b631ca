package io.numfuse.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which runs teach the model ({@link LearningPace}): fewer while they teach nothing new, more as soon as one does. */
class LearningPaceTest {
    /** The runs (numbered from 1) among the next {@code n} that {@code p} lets teach, each lesson reported as {@code moved}. */
    private static List<Integer> learnt(LearningPace p, int first, int n, boolean moved) {
        List<Integer> at = new ArrayList<>();
        for (int r = first; r < first + n; r++) {
            if (p.learns()) {
                at.add(r);
                p.taught(true, moved);
            }
        }
        return at;
    }

    @Test
    void aKernelsFirstRunsEachTeachThenOneInAStrideThatDoublesWhileNothingMoves() {
        LearningPace p = new LearningPace(3, 4, 32);
        assertEquals(List.of(1, 2, 3, 7, 15, 31, 63, 95, 127), learnt(p, 1, 130, false),
                "its first three, then after 4, 8, 16 and 32 runs, and every 32nd from then on");
        assertEquals(32, p.stride());
    }

    @Test
    void aLessonThatMovesACorrectionBringsTheNextOnesBackToTheShortestStride() {
        LearningPace p = new LearningPace(0, 4, 64);
        List<Integer> quiet = learnt(p, 1, 200, false);
        assertEquals(64, p.stride(), "backed off: " + quiet);
        int waited = 1;
        while (!p.learns()) waited++;
        assertTrue(waited <= 64, "the next lesson within the stride: " + waited);
        p.taught(true, true);                              // it moved a correction
        assertEquals(4, p.stride(), "back to one in four after a lesson that moved");
        List<Integer> after = learnt(p, 0, 40, true);
        assertTrue(after.size() >= 9, "while lessons move, one run in four teaches: " + after);
    }

    @Test
    void aRunTheModelDidNotTakeLeavesTheStrideAsItWas() {
        LearningPace p = new LearningPace(0, 4, 256);
        List<Integer> at = new ArrayList<>();
        for (int r = 1; r <= 40; r++) {
            if (p.learns()) {
                at.add(r);
                p.taught(false, false);                    // the JIT's first quarter of a second: not a lesson
            }
        }
        assertEquals(List.of(4, 8, 12, 16, 20, 24, 28, 32, 36, 40), at, "one in four still");
        assertEquals(4, p.stride());
    }

    @Test
    void threadsSharingAPaceLearnFromAboutTheRunsOneThreadWould() throws InterruptedException {
        LearningPace p = new LearningPace(0, 8, 8);
        int[] learnt = new int[2];
        Thread[] ts = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 8000; i++) if (p.learns()) learnt[me]++;
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        assertEquals(2000, learnt[0] + learnt[1], "one in eight of 16000 runs");
    }
}
