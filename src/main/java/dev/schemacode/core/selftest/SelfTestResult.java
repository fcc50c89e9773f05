package dev.schemacode.core.selftest;

import java.time.Duration;

/**
 * What a passing self-test did.
 *
 * @param engine the database it ran on, e.g. {@code H2}
 * @param total changesets in the changelog tree
 * @param applied changesets applied by the first update (including ones a precondition marked as ran)
 * @param rolledBack changesets rolled back
 * @param reapplied changesets applied again by the second update
 * @param skipped changesets not run because a context, label or {@code dbms} filter excludes them
 * @param rollbackCoverage one sentence on how far rollback was tested and why it stopped there
 * @param elapsed wall time of the whole cycle
 */
public record SelfTestResult(String engine, int total, int applied, int rolledBack, int reapplied,
        int skipped, String rollbackCoverage, Duration elapsed) {

    /** @return the one summary line, e.g. "21 changesets: 21 applied, 21 rolled back, ...". */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%d %s: %d applied, %d rolled back, %d re-applied, %d skipped by context/label/dbms filters on %s (%.1f s); %s",
                total, total == 1 ? "changeset" : "changesets", applied, rolledBack, reapplied, skipped, engine,
                elapsed.toMillis() / 1000.0, rollbackCoverage);
    }
}
