package io.numfuse.npy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.numfuse.ir.DType;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged files either read as some valid array or fail with NpyFormatException: never another
 * exception, a crash or a huge allocation.
 */
class NpyFuzzTest {

    private static final byte[][] SEEDS = seeds();

    /** Characters that make damaged headers look plausible, to get past the first checks. */
    private static final String PUNCTUATION = "(),:'{} -0123456789TrueFalse<>|\n";

    private static byte[][] seeds() {
        try {
            return new byte[][] {
                    NpyBytes.write(TestArrays.ramp(DType.FLOAT64, 3, 4)),
                    NpyBytes.write(TestArrays.ramp(DType.BOOL, 5)),
                    NpyBytes.write(TestArrays.ramp(DType.INT32)),
                    NpyBytes.npy(2, NpyBytes.dict(">i8", true, "(2, 3)"), new byte[48]),
                    NpyBytes.npy(3, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]),
            };
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 3000)
    void damagedFilesFailOnlyWithNpyFormatException(@ForAll @IntRange(max = 4) int seedIndex,
                                                   @ForAll @IntRange(min = 1, max = 6) int damages,
                                                   @ForAll long randomSeed) throws IOException {
        Random random = new Random(randomSeed);
        byte[] bytes = SEEDS[seedIndex].clone();
        for (int i = 0; i < damages && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(5)) {
                case 0 -> { bytes[at] = (byte) random.nextInt(256); yield bytes; }
                case 1 -> { bytes[at] = (byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())); yield bytes; }
                case 2 -> Arrays.copyOf(bytes, at);                                   // truncate
                case 3 -> NpyBytes.concat(Arrays.copyOf(bytes, at),                  // delete a byte
                        Arrays.copyOfRange(bytes, at + 1, bytes.length));
                default -> NpyBytes.concat(Arrays.copyOf(bytes, at + 1),             // insert a byte
                        NpyBytes.concat(new byte[] {(byte) random.nextInt(256)},
                                Arrays.copyOfRange(bytes, at + 1, bytes.length)));
            };
        }
        try {
            NpyBytes.read(bytes);
        } catch (NpyFormatException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
