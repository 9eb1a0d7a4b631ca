package io.numfuse.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.RandomDistribution;

/**
 * Seeds for the generators that build an input from a seed ({@code @ForAll(supplier =
 * UniformSeeds.class) long seed}): uniform over all longs and without edge cases. jqwik's default
 * longs favour small values and edge cases, which over a long run repeats the same seeds, so
 * the same inputs, many times.
 */
public final class UniformSeeds implements ArbitrarySupplier<Long> {
    @Override
    public Arbitrary<Long> get() {
        return Arbitraries.longs().withDistribution(RandomDistribution.uniform()).withoutEdgeCases();
    }
}
