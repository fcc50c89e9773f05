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

    /**
     * Warns, in one line, when changelog files read from the output directory are older than their
     * sources in the resource directories (the build has not copied the latest edits).
     *
     * @param outputDir how the output directory is shown, e.g. {@code target/classes}
     * @param goal what reads the copies, for the message, e.g. {@code the self-test}
     */
    public void warnIfStale(dev.schemacode.core.log.SchemaLog log, String outputDir, String goal) {
        java.util.Set<String> files = new java.util.LinkedHashSet<>();
        files.add(path);
        changeSets().forEach(cs -> files.add(SourceMap.physicalPath(cs)));
        int stale = sources.staleCopies(files);
        if (stale > 0) {
            log.warn(stale + (stale == 1 ? " changelog file in the resource directories is" : " changelog files in the resource directories are")
                    + " newer than the copy in " + outputDir + " that " + goal + " reads; run the build through"
                    + " process-resources (e.g. mvn verify) to use the latest edits");
        }
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
