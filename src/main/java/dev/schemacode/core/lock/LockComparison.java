package dev.schemacode.core.lock;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import liquibase.changelog.ChangeSet;

/**
 * Compares a changelog tree's changesets with {@code schema.lock}. A changeset is compared either
 * just before its validation ({@link #releasedUnchanged}, which lets a released changeset skip
 * it) or after its validation is done ({@link #compare}), never during it: validating a changeset
 * changes its list of SQL visitors ({@code modifySql}) while it runs, and Liquibase's checksum
 * reads that list. Several threads may compare at once. A changeset defined twice matches the
 * lock when either definition does (a new changeset may reuse a released one's identity above it).
 */
public final class LockComparison {

    private final ChecksumLock.Recorded recorded;
    private final Map<String, Boolean> validity = new ConcurrentHashMap<>();

    /** @param recorded the lock */
    public LockComparison(ChecksumLock.Recorded recorded) {
        this.recorded = recorded;
    }

    /**
     * Before a changeset's validation: whether it is released and unchanged, that is, the lock
     * records its identity with exactly the checksum (of Liquibase's latest checksum version) it
     * has now. A {@code validCheckSum} does not count, nor does a changeset whose checksum reads
     * another file ({@link ChecksumLock#selfContained}): those are compared after validation.
     * When it answers true the comparison is done, and {@link #compare} skips the changeset.
     * Thread-safe; the caller must be the only thread touching the changeset.
     */
    public boolean releasedUnchanged(ChangeSet changeSet) {
        String identity = SourceMap.identity(changeSet);
        ChecksumLock.Entry entry = recorded.entries().get(identity);
        if (entry == null || !ChecksumLock.selfContained(changeSet) || !ChecksumLock.unchanged(changeSet, entry)) {
            return false;
        }
        validity.put(identity, true);
        return true;
    }

    /**
     * Compares one validated changeset with its lock entry, if it has one and
     * {@link #releasedUnchanged} has not matched it already. Thread-safe.
     */
    public void compare(ChangeSet changeSet) {
        String identity = SourceMap.identity(changeSet);
        ChecksumLock.Entry entry = recorded.entries().get(identity);
        if (entry == null || Boolean.TRUE.equals(validity.get(identity))) {
            return;
        }
        validity.put(identity, ChecksumLock.matches(changeSet, entry));
    }

    /**
     * Compares the changesets at even ({@code half} 0) or odd (1) positions of the tree not compared
     * yet, each once {@code validated} says the validation is past it; the first definition of a
     * duplicated identity only.
     *
     * @param validated how many changesets of {@link LoadedChangelog#changeSets()} are validated
     * @throws InterruptedException when interrupted while waiting for the validation
     */
    public void follow(LoadedChangelog loaded, IntSupplier validated, int half) throws InterruptedException {
        List<ChangeSet> changeSets = loaded.changeSets();
        Set<ChangeSet> repeated = repeated(loaded);
        for (int k = half; k < changeSets.size(); k += 2) {
            ChangeSet cs = changeSets.get(k);
            String identity = SourceMap.identity(cs);
            if (!recorded.entries().containsKey(identity) || repeated.contains(cs) || validity.containsKey(identity)) {
                continue; // no entry, a second definition, or compared already
            }
            while (validated.getAsInt() <= k) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("the validation stopped");
                }
                LockSupport.parkNanos(200_000);
            }
            compare(cs);
        }
    }

    /**
     * Completes the comparison once every changeset is validated and compared: lets a duplicated
     * identity match by any of its definitions.
     *
     * @return identity to whether the changeset still matches the lock, for every recorded identity in the tree
     */
    public Map<String, Boolean> complete(LoadedChangelog loaded) {
        for (ChangeSet cs : repeated(loaded)) {
            String identity = SourceMap.identity(cs);
            ChecksumLock.Entry entry = recorded.entries().get(identity);
            if (entry != null && !Boolean.TRUE.equals(validity.get(identity))) {
                validity.put(identity, ChecksumLock.matches(cs, entry));
            }
        }
        return validity;
    }

    /** @return the changesets (by object identity) whose identity an earlier changeset of the tree already has */
    private static Set<ChangeSet> repeated(LoadedChangelog loaded) {
        Set<String> seen = new HashSet<>();
        Set<ChangeSet> repeated = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ChangeSet cs : loaded.changeSets()) {
            if (!seen.add(SourceMap.identity(cs))) {
                repeated.add(cs);
            }
        }
        return repeated;
    }
}
