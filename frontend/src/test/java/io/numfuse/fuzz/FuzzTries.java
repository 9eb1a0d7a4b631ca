package io.numfuse.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets one system property size every fuzz property: the {@code tries} in each
 * {@code @Property} is the short profile the normal build (CI) runs, and
 * {@code -Dnumfuse.fuzz.tries=N} replaces it for a long run; {@code -Dnumfuse.fuzz.seed=S} fixes
 * the seed (jqwik prints the seed of every run, so a long run can be repeated exactly).
 * Surefire passes Maven's {@code -D} properties on to the test JVM.
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The system property that overrides every fuzz property's tries. */
    public static final String TRIES = "numfuse.fuzz.tries";
    /** The system property that fixes every fuzz property's seed. */
    public static final String SEED = "numfuse.fuzz.seed";

    /** Registered on a test class, it applies to each of the class's properties. */
    @Override
    public PropagationMode propagateTo() { return PropagationMode.ALL_DESCENDANTS; }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(TRIES);
        if (tries != null) context.attributes().setTries(tries);
        String seed = System.getProperty(SEED);
        if (seed != null && !seed.isBlank()) context.attributes().setSeed(seed.trim());
        return property.execute();
    }
}
