package io.numfuse.npy;

import java.nio.file.Path;

/**
 * The content of a .npy file (or stream) is not something numfuse can read: a bad magic string,
 * an unsupported version or dtype, a malformed header, truncated data, and so on.
 *
 * <p>The message is one line meant for the user: it names the file where known and the
 * problem. Plain I/O failures (a missing file, a failing disk) are {@link java.io.IOException}s
 * instead; this exception is unchecked because bad content is not something a caller can retry.
 */
public class NpyFormatException extends io.numfuse.core.NumfuseException {
    private final transient Path file;

    /**
     * A problem with the content of {@code file}.
     *
     * @param file    the file, or null for a stream
     * @param problem what is wrong, for the message
     */
    public NpyFormatException(Path file, String problem) {
        super(describe(file, problem));
        this.file = file;
    }

    /**
     * A problem with content that did not come from a named file.
     *
     * @param problem what is wrong, for the message
     */
    public NpyFormatException(String problem) {
        this(null, problem);
    }

    /**
     * The file whose content is bad.
     *
     * @return the file, or null when the content came from a stream
     */
    public Path file() {
        return file;
    }

    private static String describe(Path file, String problem) {
        return file == null ? "bad .npy data: " + problem : "bad .npy file " + file + ": " + problem;
    }
}
