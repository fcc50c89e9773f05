package dev.schemacode.core.selftest;

import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.liquibase.ChangesetListener;
import dev.schemacode.core.log.SchemaLog;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeSet;

/**
 * Records what one self-test phase did to each changeset, as Liquibase reports it, and logs one
 * detail line per changeset. One recorder per phase; not thread-safe.
 */
final class ChangesetRecorder extends ChangesetListener {

    /** One changeset applied or marked as applied, in execution order. */
    record Applied(ChangeSet changeSet, ChangeSet.ExecType execType, long millis) { }

    private final SchemaLog log;
    private final String phase;
    private final List<Applied> applied = new ArrayList<>();
    private final List<ChangeSet> rolledBack = new ArrayList<>();

    ChangesetRecorder(SchemaLog log, String phase) {
        this.log = log;
        this.phase = phase;
    }

    @Override
    protected void applied(ChangeSet changeSet, ChangeSet.ExecType execType, long millis) {
        applied.add(new Applied(changeSet, execType, millis));
        log.detail(() -> phase + ": " + SourceMap.identity(changeSet) + " " + execType + " (" + millis + " ms)");
    }

    @Override
    protected void rolledBack(ChangeSet changeSet, long millis) {
        rolledBack.add(changeSet);
        log.detail(() -> phase + ": " + SourceMap.identity(changeSet) + " ROLLED BACK (" + millis + " ms)");
    }

    @Override
    protected void failedWith(ChangeSet changeSet, Exception exception) {
        log.detail(phase + ": " + SourceMap.identity(changeSet) + " FAILED", exception);
    }

    List<Applied> applied() {
        return applied;
    }

    List<ChangeSet> rolledBack() {
        return rolledBack;
    }
}
