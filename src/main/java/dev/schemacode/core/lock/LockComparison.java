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
 * Compares a changelog tree's changesets with {@code schema.lock}, each as soon as its validation
 * is done: validating a changeset changes its list of SQL visitors ({@code modifySql}) while it
 * runs, and Liquibase's checksum reads that list. Several threads may compare at once.
 *
 * <p>The {@link ChecksumCache} is read before the tree is parsed, but its key needs the whole tree:
 * what it confirms is provisional until {@link #complete} checks the key and, if it does not match,
 * computes those checksums. A changeset defined twice matches the lock when either definition does
 * (a new changeset may reuse a released one's identity above it).
 */
public final class LockComparison {

    private final ChecksumLock.Recorded recorded;
    private final ChecksumCache.Stored stored;
    private final Map<String, Boolean> validity = new ConcurrentHashMap<>();
    private final Map<String, String> computed = new ConcurrentHashMap<>();
    private final Set<String> confirmedByCache = ConcurrentHashMap.newKeySet();
    private volatile Map<String, String> cache;

    /**
     * @param recorded the lock
     * @param stored the checksum cache as found on disk (its key not yet checked)
     */
    public LockComparison(ChecksumLock.Recorded recorded, ChecksumCache.Stored stored) {
        this.recorded = recorded;
        this.stored = stored;
        this.cache = stored.checksums();
    }

    /**
     * Before a changeset's validation: whether it is released and unchanged, that is, the lock
     * records its identity with exactly the checksum (of Liquibase's latest checksum version) it
     * has now. A {@code validCheckSum} does not count, nor does a changeset whose checksum reads
     * another file ({@link ChecksumCache#selfContained}): those are compared after validation.
     * When it answers true the comparison is done, and {@link #compare} skips the changeset.
     * Thread-safe; the caller must be the only thread touching the changeset.
     */
    public boolean releasedUnchanged(ChangeSet changeSet) {
        String identity = SourceMap.identity(changeSet);
        ChecksumLock.Entry entry = recorded.entries().get(identity);
        liquibase.ChecksumVersion latest = liquibase.ChecksumVersion.latest();
        if (entry == null || !ChecksumCache.selfContained(changeSet)
                || !entry.checkSum().startsWith(latest.getVersion() + ":")) {
            return false;
        }
        String now = changeSet.generateCheckSum(latest).toString();
        if (!now.equals(entry.checkSum())) {
            return false;
        }
        computed.put(identity, now);
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
        Map<String, String> known = cache;
        if (ChecksumCache.selfContained(changeSet) && entry.checkSum().equals(known.get(identity))) {
            confirmedByCache.add(identity);
        }
        validity.put(identity, ChecksumLock.matches(changeSet, entry, known, computed));
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
     * Completes the comparison once every changeset is validated and compared: checks the cache's
     * key, computes what the cache confirmed if the key does not match, and lets a duplicated
     * identity match by any of its definitions.
     *
     * @param cacheKey {@link ChecksumCache#key} of the parsed tree, or {@code null} when nothing may be cached
     * @return identity to whether the changeset still matches the lock, for every recorded identity in the tree
     */
    public Map<String, Boolean> complete(LoadedChangelog loaded, String cacheKey) {
        Set<ChangeSet> repeated = repeated(loaded);
        if (cacheKey == null || !cacheKey.equals(stored.key())) {
            cache = Map.of();
            for (ChangeSet cs : loaded.changeSets()) {
                String identity = SourceMap.identity(cs);
                if (confirmedByCache.contains(identity) && !repeated.contains(cs)) {
                    validity.put(identity, ChecksumLock.matches(cs, recorded.entries().get(identity), Map.of(), computed));
                }
            }
        }
        for (ChangeSet cs : repeated) {
            String identity = SourceMap.identity(cs);
            ChecksumLock.Entry entry = recorded.entries().get(identity);
            if (entry != null && !Boolean.TRUE.equals(validity.get(identity))) {
                validity.put(identity, ChecksumLock.matches(cs, entry, cache, computed));
            }
        }
        return validity;
    }

    /** @return how many comparisons the (verified) cache answered; valid after {@link #complete} */
    public long fromCache() {
        return computed.entrySet().stream().filter(e -> e.getValue().equals(cache.get(e.getKey()))).count();
    }

    /** Writes the checksums computed or confirmed to the cache under {@code key}, unless it holds them already. */
    public void writeCache(java.nio.file.Path file, String key) {
        if (!computed.equals(cache)) {
            ChecksumCache.write(file, key, computed);
        }
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
