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
 * @param createdHere tables (lower case) this changeset creates
 * @param freshTables tables (lower case) created so far by changesets not yet recorded in
 *     schema.lock: empty when this release deploys, so locking them harms no one; read only while
 *     the rules judge this changeset (the set grows as linting goes on)
 */
record ChangesetFacts(ChangeSet changeSet, Location location, List<Op> ops, Set<String> createdHere, Set<String> freshTables) {

    /**
     * @return whether {@code table} already holds data when this changeset runs; an operation that
     *     names no table (raw {@code DROP INDEX name}) is assumed to work on one that does
     */
    boolean existing(String table) {
        if (table == null) {
            return true;
        }
        String key = table.toLowerCase(java.util.Locale.ROOT);
        return !createdHere.contains(key) && !freshTables.contains(key);
    }

    /** @return whether the changeset has a rollback of its own (an empty one counts) */
    boolean hasRollback() {
        return changeSet.getRollback() != null && !changeSet.getRollback().getChanges().isEmpty();
    }
}
