package dev.schemacode.core.config;

import java.util.Locale;

/** How much of the changelog the self-test rolls back. */
public enum RollbackTest {
    /**
     * Roll back from the newest changeset backwards, as far as the changelog allows: stop before
     * the newest changeset that has neither a rollback block nor an automatic inverse, and report
     * how far the test got and why.
     */
    AUTO,
    /** Every applied changeset must roll back; one that cannot fails the self-test. */
    ALL,
    /** No rollback: update, then check that a second update has nothing to do. */
    NONE;

    /**
     * @param value {@code auto}, {@code all} or {@code none}, any case
     * @throws IllegalArgumentException for any other value, naming the allowed ones
     */
    public static RollbackTest parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rollbackTest must be auto, all or none, was '" + value + "'");
        }
    }
}
