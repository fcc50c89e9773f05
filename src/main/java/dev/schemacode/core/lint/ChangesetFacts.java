package dev.schemacode.core.lint;

import dev.schemacode.core.problem.Location;
import java.util.List;
import java.util.Set;
import liquibase.changelog.ChangeSet;

/**
 * What the rules know about one changeset.
 *
 * @param changeSet Liquibase's model
 * @param location its file, line and identity
 * @param ops its operations (change types and parsed raw SQL)
 * @param freshTables tables this release creates (created in this changeset, or in one not yet
 *     recorded in schema.lock): empty, so locking them harms no one
 */
record ChangesetFacts(ChangeSet changeSet, Location location, List<Op> ops, Set<String> freshTables) {

    /**
     * @return whether {@code table} already holds data when this changeset runs; an operation that
     *     names no table (raw {@code DROP INDEX name}) is assumed to work on one that does
     */
    boolean existing(String table) {
        return table == null || !freshTables.contains(table.toLowerCase(java.util.Locale.ROOT));
    }

    /** @return whether the changeset has a rollback of its own (an empty one counts) */
    boolean hasRollback() {
        return changeSet.getRollback() != null && !changeSet.getRollback().getChanges().isEmpty();
    }
}
