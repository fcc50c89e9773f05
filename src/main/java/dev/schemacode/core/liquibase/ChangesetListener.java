package dev.schemacode.core.liquibase;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * What every Schemacode run needs to hear from Liquibase about each changeset: how long it took,
 * and the first one that failed (to apply or to roll back) with its exception. Subclasses add
 * what they do with a success. One instance per run; not thread-safe.
 */
public abstract class ChangesetListener extends AbstractChangeExecListener {

    private ChangeSet failed;
    private Exception failure;
    private long started = System.nanoTime();

    /** Called when a changeset was applied (or marked as applied), with its duration in ms. */
    protected void applied(ChangeSet changeSet, ChangeSet.ExecType execType, long millis) {
    }

    /** Called when a changeset was rolled back, with its duration in ms. */
    protected void rolledBack(ChangeSet changeSet, long millis) {
    }

    /** Called for each failure (to apply or roll back), after the first one is remembered. */
    protected void failedWith(ChangeSet changeSet, Exception exception) {
    }

    /** @return the first changeset that failed, or {@code null} */
    public ChangeSet failed() {
        return failed;
    }

    /** @return the exception of the first failure, or {@code null} */
    public Exception failure() {
        return failure;
    }

    @Override
    public final void willRun(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.RunStatus status) {
        started = System.nanoTime();
    }

    @Override
    public final void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.ExecType execType) {
        applied(changeSet, execType, elapsedMillis());
    }

    @Override
    public final void willRollback(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        started = System.nanoTime();
    }

    @Override
    public final void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
        rolledBack(changeSet, elapsedMillis());
    }

    @Override
    public final void runFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception exception) {
        remember(changeSet, exception);
    }

    @Override
    public final void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, Exception exception) {
        remember(changeSet, exception);
    }

    private void remember(ChangeSet changeSet, Exception exception) {
        if (failed == null) {
            failed = changeSet;
            failure = exception;
        }
        failedWith(changeSet, exception);
    }

    private long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
