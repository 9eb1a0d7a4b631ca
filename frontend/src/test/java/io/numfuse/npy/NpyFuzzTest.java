package io.numfuse.npy;

import io.numfuse.Num;
import io.numfuse.fuzz.Deadline;
import io.numfuse.fuzz.DocumentedErrors;
import io.numfuse.fuzz.FuzzTries;
import io.numfuse.fuzz.Inputs;
import io.numfuse.fuzz.OutcomeTally;
import io.numfuse.fuzz.UniformSeeds;
import io.numfuse.fuzz.WrongOutcome;
import io.numfuse.core.DType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Hostile bytes read as .npy, from a stream and from a file: each read ends in an array or an
 * NpyFormatException (or IOException) with a one-line message, within a time limit; the two
 * ways agree; the file is left as it was; an array that comes back is one numfuse can compute
 * with; and no read allocates much more than the bytes it was given (16 MiB plus 8 times the
 * input), so a header that promises gigabytes is refused by its shape or by the missing data,
 * never by running out of memory.
 *
 * <p>Tries are the short profile the normal build runs; {@code -Dnumfuse.fuzz.tries=N} sets them
 * all for a long run (docs/RELIABILITY.md, "Fuzz").
 */
@AddLifecycleHook(FuzzTries.class)
class NpyFuzzTest {
    /** What one read may allocate besides 8 bytes per input byte: a data chunk and a header, with room. */
    static final long ALLOCATION_ALLOWANCE = 16L << 20;

    private static final byte[][] SEEDS = seeds();

    /** Characters that make damaged headers look plausible, to get past the first checks. */
    private static final String PUNCTUATION = "(),:'{} -0123456789TrueFalse<>|\n";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Deadline deadline = new Deadline();
    private OutcomeTally tally;
    private Path file;

    @AfterProperty
    void report() throws IOException {
        if (tally != null) System.out.println(tally.summary(deadline));
        deadline.close();
        if (file != null) Files.deleteIfExists(file);
    }

    private static byte[][] seeds() {
        try {
            return new byte[][] {
                    NpyBytes.write(TestArrays.ramp(DType.FLOAT64, 3, 4)),
                    NpyBytes.write(TestArrays.ramp(DType.BOOL, 5)),
                    NpyBytes.write(TestArrays.ramp(DType.INT32)),
                    NpyBytes.npy(2, NpyBytes.dict(">i8", true, "(2, 3)"), new byte[48]),
                    NpyBytes.npy(3, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]),
                    NpyBytes.npy(1, NpyBytes.dict("<f4", true, "(2, 3, 2)"), new byte[48]),
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Valid files with a few random byte changes, deletions, insertions and truncations. */
    @Property(tries = 6000)
    void damagedFile(@ForAll @IntRange(max = 5) int seedIndex, @ForAll @IntRange(min = 1, max = 6) int damages,
                     @ForAll(supplier = UniformSeeds.class) long randomSeed) throws Throwable {
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
        check("npy-damaged", bytes);
    }

    /** Random bytes, most after a valid magic string and version, so that the header parser sees them. */
    @Property(tries = 6000)
    void randomBytes(@ForAll @IntRange(max = 4) int prefix, @ForAll @Size(max = 200) byte[] tail) throws Throwable {
        byte[] head = switch (prefix) {
            case 0 -> new byte[0];
            case 1 -> new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
            case 2 -> new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0};
            case 3 -> new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0};
            default -> new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) tail.length, 0};
        };
        check("npy-random-bytes", NpyBytes.concat(head, tail));
    }

    /** Headers built to be hard: huge and many-axis shapes, odd dtypes, deep nesting, lying lengths ({@link HostileNpy}). */
    @Property(tries = 2500, shrinking = ShrinkingMode.OFF)
    void hostileHeader(@ForAll(supplier = UniformSeeds.class) long seed) throws Throwable {
        check("npy-hostile-header", HostileNpy.next(new SplittableRandom(seed)));
    }

    private void check(String probe, byte[] bytes) throws Throwable {
        if (tally == null) tally = new OutcomeTally(probe);
        tally.saw(bytes);
        String input = Inputs.show(bytes);
        String outcome = tally.counting(() -> deadline.call(input, () -> readBothWays(bytes, input)));
        if (outcome == null) tally.value(); else tally.error(outcome);
    }

    /** Reads {@code bytes} from a stream and from a file; null for an array, else the error's type. */
    private String readBothWays(byte[] bytes, String input) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        NpyArray fromStream = null;
        String streamError = null;
        try {
            fromStream = Npy.read(new ByteArrayInputStream(bytes));
        } catch (Throwable t) {
            streamError = DocumentedErrors.classify(t, DocumentedErrors.NPY, input);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > ALLOCATION_ALLOWANCE + 8L * bytes.length) {
            throw new AssertionError("reading " + bytes.length + " bytes allocated " + allocated + " bytes: " + input);
        }
        if (file == null) file = Files.createTempFile("numfuse-fuzz", ".npy");
        Files.write(file, bytes);
        NpyArray fromFile = null;
        String fileError = null;
        try {
            fromFile = Npy.read(file);
        } catch (Throwable t) {
            fileError = DocumentedErrors.classify(t, DocumentedErrors.NPY, input);
        }
        if (!Arrays.equals(Files.readAllBytes(file), bytes)) throw WrongOutcome.dataLost("reading changed the file " + input);
        if (!java.util.Objects.equals(streamError, fileError) || !java.util.Objects.equals(fromStream, fromFile)) {
            throw WrongOutcome.wrong("a stream gave " + (streamError != null ? streamError : fromStream)
                    + ", the file " + (fileError != null ? fileError : fromFile) + " for " + input);
        }
        if (fromStream != null) computeWith(fromStream, input);
        return streamError;
    }

    /** An array read is one numfuse can wrap and compute with, and the values come back unchanged. */
    private static void computeWith(NpyArray a, String input) {
        var x = Num.fromNpy(a);
        NpyArray back = x.eval("jvm").toNpy();
        if (!back.equals(a)) throw WrongOutcome.wrong("wrapping the array read changed it: " + a + " became " + back + " for " + input);
        x.add(1L).eval("jvm").toNpy();
    }
}
