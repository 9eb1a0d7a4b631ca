package io.numfuse.ir;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * numfuse's logging: events go to {@link System.Logger} {@code "io.numfuse"} (so an application's
 * logging, SLF4J or Log4j through their {@code System.LoggerFinder}, or {@code java.util.logging},
 * gets them), and a property prints them on stderr without configuring anything.
 *
 * <ul>
 *   <li>Warnings (a device that failed, a cache that could not be written, a flag missing): one
 *       line on stderr, {@code numfuse: warning: ...}, when the JVM's default logging is in use;
 *       through the application's logging otherwise.
 *   <li>Events, silent by default: at {@code DEBUG}, compilations and their times and disk-cache
 *       hits; at {@code TRACE}, the targets each evaluation's kernels ran on.
 *   <li>{@code -Dnumfuse.log=LEVEL} or the environment variable {@code NUMFUSE_LOG=LEVEL}
 *       ({@code off}, {@code warning}, {@code debug}, {@code trace}): numfuse prints what is at
 *       or above that level on stderr itself, one line each, whatever logging is in use
 *       ({@code off}: not even warnings).
 * </ul>
 *
 * <p>Thread-safe. A disabled event costs one comparison: callers pass a {@link Supplier}.
 */
public final class NumfuseLog {
    private NumfuseLog() {}

    private static final System.Logger LOGGER = System.getLogger("io.numfuse");

    /** The level set by the property or the environment, or null when neither is set. */
    private static final Level CHOSEN = parse(System.getProperty("numfuse.log", System.getenv("NUMFUSE_LOG")));

    /** True when the JVM's own logging backend is in use (the application installed none). */
    private static final boolean DEFAULT_BACKEND = defaultBackend();

    /** The lowest level numfuse prints on stderr itself. */
    private static final Level PRINTED = CHOSEN != null ? CHOSEN : DEFAULT_BACKEND ? Level.WARNING : Level.OFF;

    private static Level parse(String s) {
        if (s == null || s.isBlank()) return null;
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none", "0" -> Level.OFF;
            case "warning", "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug", "1", "on", "true" -> Level.DEBUG;
            case "trace", "all" -> Level.TRACE;
            default -> {
                System.err.println("numfuse: warning: numfuse.log / NUMFUSE_LOG='" + s + "' is not one of off, warning, debug, trace; using warning");
                yield Level.WARNING;
            }
        };
    }

    private static boolean defaultBackend() {
        try {
            String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
            return finder.startsWith("jdk.internal.") || finder.startsWith("sun.util.logging.");
        } catch (RuntimeException e) {   // a security manager that refuses: numfuse prints its own warnings
            return true;
        }
    }

    /** True when an event at {@code level} goes anywhere (numfuse's stderr lines or the application's logging). */
    public static boolean enabled(Level level) {
        return level.getSeverity() >= PRINTED.getSeverity() || forwarded(level);
    }

    /** True when events at {@code level} go to the application's logging: all it asks for, but never twice. */
    private static boolean forwarded(Level level) {
        if (DEFAULT_BACKEND && level.getSeverity() > Level.DEBUG.getSeverity()) return false;   // JUL would print INFO and up by default
        return LOGGER.isLoggable(level);
    }

    /** A warning: one line, shown by default. */
    public static void warning(String message) { log(Level.WARNING, message); }

    /** An event at {@code DEBUG} (compilations, cache hits): silent by default. */
    public static void debug(Supplier<String> message) { if (enabled(Level.DEBUG)) log(Level.DEBUG, message.get()); }

    /** An event at {@code TRACE} (each evaluation): silent by default. */
    public static void trace(Supplier<String> message) { if (enabled(Level.TRACE)) log(Level.TRACE, message.get()); }

    private static void log(Level level, String message) {
        boolean printed = level.getSeverity() >= PRINTED.getSeverity();
        if (printed) System.err.println("numfuse: " + (level == Level.WARNING ? "warning: " : "") + message);
        if (!(printed && DEFAULT_BACKEND) && LOGGER.isLoggable(level) && (!DEFAULT_BACKEND || level.getSeverity() <= Level.DEBUG.getSeverity())) {
            LOGGER.log(level, message);
        }
    }
}
