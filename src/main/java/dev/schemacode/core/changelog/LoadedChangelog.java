package dev.schemacode.core.changelog;

import java.util.List;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * A parsed changelog tree and the map back to its files.
 *
 * @param path the master changelog's classpath-relative path
 * @param changeLog Liquibase's model of the whole tree (includes resolved)
 * @param sources maps changesets back to files and lines
 * @param warnings problems found while parsing that do not stop the goal (a {@code customChange}
 *     class replaced by a stand-in at validate)
 * @param standIns {@code customChange} class names replaced by do-nothing stand-ins
 */
public record LoadedChangelog(String path, DatabaseChangeLog changeLog, SourceMap sources,
        java.util.List<dev.schemacode.core.problem.Problem> warnings, java.util.Set<String> standIns) {

    public LoadedChangelog {
        warnings = java.util.List.copyOf(warnings);
        standIns = java.util.Set.copyOf(standIns);
    }

    /**
     * @return every changeset of the tree in execution order, except those Liquibase dropped
     *     while parsing because their {@code dbms} excludes the dialect parsed for
     */
    public List<ChangeSet> changeSets() {
        return changeLog.getChangeSets();
    }

    /** @return how many changesets Liquibase dropped while parsing because of their {@code dbms}. */
    public int droppedByDbms() {
        return changeLog.getSkippedChangeSets().size();
    }

    /** @return all changesets of the tree, including those dropped for their {@code dbms}. */
    public int total() {
        return changeSets().size() + droppedByDbms();
    }
}
