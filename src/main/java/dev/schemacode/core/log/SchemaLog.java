package dev.schemacode.core.log;

import java.util.function.Supplier;

/**
 * Where the core reports progress and problems. The build tool adapts it to its own log
 * (the Maven plugin maps {@link #summary} to info and {@link #detail} to debug).
 *
 * <p>Levels, from loud to quiet: {@code error} and {@code warn} (one line per problem),
 * {@code summary} (one header and one result line per goal), {@code detail} (per-changeset
 * progress, SQL, where each setting came from; shown with {@code mvn -X}).
 */
public interface SchemaLog {

    /** Logs one line at error level. */
    void error(String line);

    /** Logs one line at warning level. */
    void warn(String line);

    /** Logs a header or result line, shown at the default level. */
    void summary(String line);

    /** Logs detail shown only at debug level ({@code -X}). */
    void detail(String line);

    /** Logs detail with the throwable's stack trace, shown only at debug level. */
    void detail(String line, Throwable cause);

    /** @return whether {@link #detail} lines are shown; use it to skip building costly lines. */
    boolean isDetailEnabled();

    /** Logs the supplied line at detail level, building it only when detail is enabled. */
    default void detail(Supplier<String> line) {
        if (isDetailEnabled()) {
            detail(line.get());
        }
    }

    /** A log that drops everything: for tests and callers that do not care. */
    static SchemaLog silent() {
        return new SchemaLog() {
            @Override public void error(String line) { }
            @Override public void warn(String line) { }
            @Override public void summary(String line) { }
            @Override public void detail(String line) { }
            @Override public void detail(String line, Throwable cause) { }
            @Override public boolean isDetailEnabled() { return false; }
        };
    }
}
