package dev.schemacode.core.selftest;

import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.log.SchemaLog;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * Records what one self-test phase did to each changeset, as Liquibase reports it, and logs one
 * detail line per changeset. One recorder per phase; not thread-safe.
 */
final class ChangesetRecorder extends AbstractChangeExecListener {

    /** One changeset applied or marked as applied, in execution order. */
    record Applied(ChangeSet changeSet, ChangeSet.ExecType execType, long millis) { }

    private final SchemaLog log;
    private final String phase;
    private final List<Applied> applied = new ArrayList<>();
    private final List<ChangeSet> rolledBack = new ArrayList<>();
    private ChangeSet failed;
    private Exception failure;
    private long started = System.nanoTime();

    ChangesetRecorder(SchemaLog log, String phase) {
        this.log = log;
        this.phase = phase;
    }

    @Override
    public void willRun(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ChangeSet.RunStatus runStatus) {
        started = System.nanoTime();
    }

    @Override
    public void ran(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, ChangeSet.ExecType execType) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        applied.add(new Applied(changeSet, execType, millis));
        log.detail(() -> phase + ": " + SourceMap.identity(changeSet) + " " + execType + " (" + millis + " ms)");
    }

    @Override
    public void willRollback(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database) {
        started = System.nanoTime();
    }

    @Override
    public void rolledBack(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database) {
        rolledBack.add(changeSet);
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.detail(() -> phase + ": " + SourceMap.identity(changeSet) + " ROLLED BACK (" + millis + " ms)");
    }

    @Override
    public void runFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, Exception exception) {
        recordFailure(changeSet, exception);
    }

    @Override
    public void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog databaseChangeLog, Database database, Exception exception) {
        recordFailure(changeSet, exception);
    }

    private void recordFailure(ChangeSet changeSet, Exception exception) {
        if (failed == null) {
            failed = changeSet;
            failure = exception;
        }
        log.detail(phase + ": " + SourceMap.identity(changeSet) + " FAILED", exception);
    }

    List<Applied> applied() {
        return applied;
    }

    List<ChangeSet> rolledBack() {
        return rolledBack;
    }

    ChangeSet failed() {
        return failed;
    }

    Exception failure() {
        return failure;
    }
}
