package io.numfuse.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of auto with profiles they give share: each starts from its own profiles alone
 * (what earlier tests in this JVM taught the model, corrections and link factors, goes, and so do
 * this thread's kept decisions), learns no device's launch from its runs (the profiles it gives
 * simulate their devices' launches: this machine's device would teach its own), and leaves no
 * profiles behind.
 */
abstract class AutoTests {
    @BeforeEach
    void forgetWhatWasLearnt() {
        Launches.learning = false;   // the profiles a test gives simulate their devices' launches too (LaunchLearningTest turns it on)
        Placement.LEARNING.forgetAll();
        Decisions.forget();
    }

    @AfterEach
    void dropTheTestsProfiles() {
        Profiles.forTests = null;
        Launches.learning = true;
    }
}
