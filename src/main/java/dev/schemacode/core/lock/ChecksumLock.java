package dev.schemacode.core.lock;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeSet;

/**
 * {@code schema.lock}: the committed record of every released changeset and its checksum, so an
 * edited released changeset is caught at {@code mvn validate} rather than on production.
 *
 * <p>Format (UTF-8, LF, byte-identical across runs and platforms): the header line
 * {@value #HEADER}{@code  for <dialect>}, naming the {@code targetDatabase} the tree was validated
 * and filtered for (files written before it was named have the bare header and are still read),
 * then one line per changeset in changelog execution order:
 * {@code <path>::<id>::<author> <checksum> <chain>}, where the checksum is Liquibase's own with
 * its version prefix ({@code 9:…}, the value {@code DATABASECHANGELOG.MD5SUM} holds) and the chain
 * is the first 16 hex digits of SHA-256 over the previous line's chain and this line's identity
 * and checksum, as Atlas's {@code atlas.sum} chains its files: two branches that each append
 * changesets conflict in git, and a hand-merged file whose chain breaks is reported.
 */
public final class ChecksumLock {

    /** The first line of every lock file. */
    public static final String HEADER = "schemacode-lock 1";

    /** The lock file's name, beside the master changelog. */
    public static final String FILE_NAME = "schema.lock";

    /**
     * One recorded changeset.
     *
     * @param identity {@code path::id::author} as the application records it
     * @param checkSum Liquibase's checksum with its version prefix
     * @param line the 1-based line in the lock file (0 for computed entries)
     */
    public record Entry(String identity, String checkSum, int line) { }

    /**
     * A lock file as read.
     *
     * @param entries in file order, by identity
     * @param brokenAt the first line whose chain does not match (a bad hand merge), or 0
     * @param dialect the dialect it was recorded for, or {@code null} when its header names none
     */
    public record Recorded(Map<String, Entry> entries, int brokenAt, String dialect) { }

    private ChecksumLock() {
    }

    /** @return the current entries of a changelog, in execution order, with checksums of {@code version} */
    public static List<Entry> compute(LoadedChangelog loaded, ChecksumVersion version) {
        List<Entry> entries = new ArrayList<>();
        for (ChangeSet cs : loaded.changeSets()) {
            entries.add(new Entry(SourceMap.identity(cs), cs.generateCheckSum(version).toString(), 0));
        }
        return entries;
    }

    /**
     * @param dialect the dialect the entries were computed for, named in the header; {@code null} for none
     * @return the file's text for these entries: header, then one chained line each, LF-terminated
     */
    public static String render(List<Entry> entries, String dialect) {
        StringBuilder out = new StringBuilder(HEADER).append(dialect == null ? "" : " for " + dialect).append('\n');
        String chain = "";
        MessageDigest sha = sha256();
        for (Entry e : entries) {
            chain = chain(sha, chain, e.identity(), e.checkSum());
            out.append(e.identity()).append(' ').append(e.checkSum()).append(' ').append(chain).append('\n');
        }
        return out.toString();
    }

    /** A lock file that cannot be read as one; {@link #line()} is 1-based. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }

        /** @return the 1-based line of the problem */
        public int line() {
            return line;
        }
    }

    /**
     * Reads a lock file.
     *
     * @throws IOException when it cannot be read
     * @throws Malformed when it is not a lock file (wrong header or line shape) or still holds git
     *     conflict markers, with the 1-based line
     */
    public static Recorded read(Path file) throws IOException {
        List<String> lines = List.of(Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n").split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("<<<<<<<") || l.startsWith("=======") || l.startsWith(">>>>>>>")) {
                throw new Malformed(i + 1, "the lock still holds git merge-conflict markers: take one side"
                        + " (git checkout --theirs -- <this file>), then run mvn schema:lock, which records the other"
                        + " branch's changesets again and still refuses edited released ones");
            }
        }
        String dialect = null;
        if (!lines.isEmpty() && lines.get(0).startsWith(HEADER + " for ") && lines.get(0).length() > HEADER.length() + 5) {
            dialect = lines.get(0).substring(HEADER.length() + 5);
        } else if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new Malformed(1, "not a Schemacode lock file (expected '" + HEADER + " for <dialect>' on the first line)");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        String chain = "";
        MessageDigest sha = sha256();
        int brokenAt = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int last = line.lastIndexOf(' ');
            int middle = last > 0 ? line.lastIndexOf(' ', last - 1) : -1;
            if (middle <= 0) {
                throw new Malformed(i + 1, "expected '<path::id::author> <checksum> <chain>'");
            }
            String identity = line.substring(0, middle);
            String checkSum = line.substring(middle + 1, last);
            chain = chain(sha, chain, identity, checkSum);
            if (brokenAt == 0 && !chain.equals(line.substring(last + 1))) {
                brokenAt = i + 1;
            }
            entries.put(identity, new Entry(identity, checkSum, i + 1));
        }
        return new Recorded(entries, brokenAt, dialect);
    }

    /**
     * Compares the changelog with its lock.
     *
     * @param lockPath the lock file as shown to users
     * @return errors for recorded changesets that were edited or removed (at the changeset's file
     *     and line, saying how to proceed), a warning for changesets not recorded yet, a warning
     *     when the lock's checksum version differs from this Liquibase's, and an error for a
     *     broken chain
     */
    public static List<Problem> check(LoadedChangelog loaded, Recorded recorded, String lockPath) {
        return check(loaded, recorded, lockPath, null);
    }

    /**
     * Whether one changeset still matches its recorded entry: it is {@link #unchanged}, or a
     * {@code <validCheckSum>} of the changeset accepts the recorded checksum, as Liquibase accepts it.
     */
    public static boolean matches(ChangeSet cs, Entry entry) {
        return unchanged(cs, entry) || cs.isCheckSumValid(CheckSum.parse(entry.checkSum()));
    }

    /**
     * @return whether the entry holds a checksum of Liquibase's latest checksum version that equals
     *     the changeset's checksum now (no {@code validCheckSum} involved); computed by
     *     {@link ChangesetChecksum}, and by Liquibase itself when that differs
     */
    public static boolean unchanged(ChangeSet cs, Entry entry) {
        ChecksumVersion latest = ChecksumVersion.latest();
        return CheckSum.parse(entry.checkSum()).getVersion() == latest.getVersion()
                && (ChangesetChecksum.latest(cs).equals(entry.checkSum())
                        || cs.generateCheckSum(latest).toString().equals(entry.checkSum()));
    }

    /** @return identities of changesets in the changelog that its {@code dbms} filters leave out for the dialect parsed for */
    private static java.util.Set<String> excludedByDbms(LoadedChangelog loaded) {
        java.util.Set<String> excluded = new java.util.HashSet<>();
        for (ChangeSet cs : loaded.changeLog().getSkippedChangeSets()) {
            excluded.add(SourceMap.identity(cs));
        }
        return excluded;
    }

    /**
     * @return whether the changeset's checksum depends only on its changelog's text, not on
     *     another file ({@code sqlFile}, {@code loadData}, a procedure file)
     */
    public static boolean selfContained(ChangeSet changeSet) {
        for (liquibase.change.Change change : changeSet.getChanges()) {
            if (change instanceof liquibase.change.core.SQLFileChange || change instanceof liquibase.change.core.LoadDataChange
                    || (change instanceof liquibase.change.core.CreateProcedureChange p && p.getPath() != null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The definitions of each identity that {@code schema.lock} records and the changelog defines
     * more than once, with whether each is the released one: its checksum still matches the lock.
     * Call after Liquibase's validation of the tree (a checksum reads what validation changes).
     *
     * @return each such definition's location (as {@code SourceMap#locate(ChangeSet, int)} gives it,
     *     the n-th definition in its file) to whether it is released; empty when nothing is duplicated
     */
    public static Map<Location, Boolean> duplicateDefinitions(LoadedChangelog loaded, Recorded recorded) {
        Map<String, Integer> count = new java.util.HashMap<>();
        for (ChangeSet cs : loaded.changeSets()) {
            count.merge(SourceMap.identity(cs), 1, Integer::sum);
        }
        Map<Location, Boolean> out = new LinkedHashMap<>();
        Map<String, Integer> occurrences = new java.util.HashMap<>();
        for (ChangeSet cs : loaded.changeSets()) {
            String identity = SourceMap.identity(cs);
            int occurrence = occurrences.merge(SourceMap.physicalPath(cs) + "::" + cs.getId() + "::" + cs.getAuthor(), 1, Integer::sum) - 1;
            Entry entry = recorded.entries().get(identity);
            if (entry != null && count.get(identity) > 1) {
                out.put(loaded.sources().locate(cs, occurrence), matches(cs, entry));
            }
        }
        return out;
    }

    /**
     * Says which definition is the released one in each duplicate-changeset problem whose identity
     * {@code schema.lock} records: the definition whose checksum still matches the lock is the
     * released one, so the other gets the new id. Problems that cannot be told apart this way (no
     * definition, or more than one, matches) and all other problems are returned unchanged.
     *
     * @param problems the validation's problems, in order
     * @param definitions from {@link #duplicateDefinitions}
     * @return the same problems, duplicates of released changesets reworded
     */
    public static List<Problem> explainDuplicates(List<Problem> problems, Map<Location, Boolean> definitions) {
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            String identity = p.location().changeset();
            if (!"duplicate-changeset".equals(p.code()) || identity == null || p.location().line() == 0) {
                out.add(p);
                continue;
            }
            List<Location> released = new ArrayList<>();
            List<Location> others = new ArrayList<>();
            definitions.forEach((where, isReleased) -> {
                if (identity.equals(where.changeset())) {
                    (isReleased ? released : others).add(where);
                }
            });
            if (released.size() != 1 || others.isEmpty()) {
                out.add(p);
                continue;
            }
            Location renamed = others.get(0);
            out.add(Problem.error(p.code(), renamed, "changeset " + identity + " is defined twice: the one at "
                    + released.get(0).format() + " is released (recorded in schema.lock), so give the new one at "
                    + renamed.format() + " another id"));
        }
        return out;
    }

    /**
     * Like {@link #check(LoadedChangelog, Recorded, String)}, with the checksum comparisons
     * computed beforehand (identity to {@link #matches}, as {@link LockComparison#complete}
     * returns them), or {@code null} to compute them here.
     */
    public static List<Problem> check(LoadedChangelog loaded, Recorded recorded, String lockPath, Map<String, Boolean> validity) {
        List<Problem> problems = new ArrayList<>();
        if (recorded.brokenAt() > 0) {
            problems.add(Problem.error("lock-chain", Location.of(lockPath, recorded.brokenAt()),
                    "the lock's chain breaks here (a merge kept lines of both branches?); run mvn schema:lock to rebuild it"
                            + " after checking that no released changeset was edited"));
        }
        Map<String, ChangeSet> current = new LinkedHashMap<>();
        for (ChangeSet cs : loaded.changeSets()) {
            current.put(SourceMap.identity(cs), cs);
        }
        List<String> unrecordedIds = new ArrayList<>();
        for (ChangeSet cs : current.values()) {
            if (!recorded.entries().containsKey(SourceMap.identity(cs))) {
                unrecordedIds.add(SourceMap.identity(cs));
            }
        }
        int unrecorded = unrecordedIds.size();
        int latest = ChecksumVersion.latest().getVersion();
        int versionDiffers = 0;
        java.util.Set<String> excluded = excludedByDbms(loaded);
        for (Entry entry : recorded.entries().values()) {
            ChangeSet cs = current.get(entry.identity());
            if (cs == null && excluded.contains(entry.identity())) {
                continue; // still in the changelog, not run on this dialect (a lock recorded for another one)
            }
            if (cs == null) {
                problems.add(Problem.error("lock-removed", Location.of(lockPath, entry.line()), "released changeset "
                        + entry.identity() + " is gone from the changelog; databases that applied it keep it: restore it,"
                        + " or if it was never deployed anywhere, run mvn schema:lock -Dschema.lock.accept=" + entry.identity()));
                continue;
            }
            CheckSum stored = CheckSum.parse(entry.checkSum());
            if (stored.getVersion() != latest) {
                versionDiffers++;
            }
            boolean valid = validity != null && validity.containsKey(entry.identity()) ? validity.get(entry.identity()) : cs.isCheckSumValid(stored);
            if (!valid && !cs.shouldRunOnChange() && !cs.shouldAlwaysRun()) {
                Location where = loaded.sources().locate(cs);
                String fix = stored.getVersion() != latest
                        ? " (recorded with checksum version " + stored.getVersion() + "; if the content is unchanged and only"
                                + " Liquibase's checksum changed, add <validCheckSum>" + entry.checkSum() + "</validCheckSum> to it)"
                        : "";
                problems.add(Problem.error("lock-edited", where, "changeset " + entry.identity() + " was edited after it was"
                        + " released (" + lockPath + ":" + entry.line() + " has " + entry.checkSum() + ", it is now "
                        + cs.generateCheckSum(ChecksumVersion.enumFromChecksumVersion(stored.getVersion())) + ")" + fix
                        + "; write a new changeset instead, or if the edit is deliberate and not deployed anywhere yet, run"
                        + " mvn schema:lock -Dschema.lock.accept=" + entry.identity()));
            }
        }
        if (versionDiffers > 0) {
            problems.add(Problem.warning("lock-version", Location.of(lockPath, 1), versionDiffers + " entries of the lock use"
                    + " another checksum version than this Liquibase's (" + latest + "): databases deployed by the older"
                    + " Liquibase hold those checksums; the changesets listed above (if any) would fail there. Once checked,"
                    + " run mvn schema:lock -Dschema.lock.accept=ALL to record version-" + latest + " checksums"));
        }
        if (unrecorded > 0) {
            problems.add(Problem.warning("lock-new", Location.of(lockPath, 0), unrecorded + " new "
                    + (unrecorded == 1 ? "changeset is" : "changesets are") + " not in the lock yet ("
                    + String.join(", ", unrecordedIds.subList(0, Math.min(5, unrecorded))) + (unrecorded > 5 ? ", …" : "")
                    + "); run mvn schema:lock when " + (unrecorded == 1 ? "it is" : "they are") + " ready to release"));
        }
        return problems;
    }

    /**
     * The entries to write: recorded ones kept as they are unless accepted (edited: new checksum;
     * removed: dropped), new ones appended, in changelog execution order.
     *
     * @param accept identities whose recorded change is accepted, or {@code ALL}
     * @param accepted receives one line per accepted change
     * @return the new entries, and which recorded changes were refused (not accepted)
     */
    public static Update update(LoadedChangelog loaded, Recorded recorded, java.util.Set<String> accept) {
        boolean all = accept.stream().anyMatch(a -> a.equalsIgnoreCase("ALL"));
        List<Entry> next = new ArrayList<>();
        List<String> acceptedChanges = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        ChecksumVersion latest = ChecksumVersion.latest();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (ChangeSet cs : loaded.changeSets()) {
            String identity = SourceMap.identity(cs);
            present.add(identity);
            Entry old = recorded.entries().get(identity);
            String now = cs.generateCheckSum(latest).toString();
            if (old == null) {
                next.add(new Entry(identity, now, 0));
            } else if (old.checkSum().equals(now)) {
                next.add(old);
            } else if (cs.shouldRunOnChange() || cs.shouldAlwaysRun()) {
                next.add(new Entry(identity, now, 0)); // meant to change: Liquibase reruns it
            } else if (cs.isCheckSumValid(CheckSum.parse(old.checkSum())) && !all && !accept.contains(identity)) {
                next.add(old); // unchanged content under an older checksum version, or allowed by validCheckSum
            } else if (all || accept.contains(identity)) {
                next.add(new Entry(identity, now, 0));
                acceptedChanges.add("accepted " + identity + ": " + old.checkSum() + " -> " + now);
            } else {
                next.add(old);
                refused.add("edited " + identity);
            }
        }
        java.util.Set<String> excluded = excludedByDbms(loaded);
        for (Entry old : recorded.entries().values()) {
            if (!present.contains(old.identity())) {
                if (all || accept.contains(old.identity())) {
                    acceptedChanges.add("accepted removal of " + old.identity());
                } else {
                    refused.add((excluded.contains(old.identity()) ? "excluded " : "removed ") + old.identity());
                }
            }
        }
        List<String> unused = accept.stream().filter(a -> !a.equalsIgnoreCase("ALL"))
                .filter(a -> acceptedChanges.stream().noneMatch(line -> line.contains(a))).toList();
        return new Update(next, acceptedChanges, refused, unused);
    }

    /**
     * @param entries what to write
     * @param accepted one line per accepted edit or removal
     * @param refused "edited <identity>", "removed <identity>" or "excluded <identity>" (still in
     *     the changelog, left out by its dbms for this dialect) for recorded changesets changed
     *     without being accepted
     * @param unusedAccepts accepted identities that matched no edited or removed changeset (typos)
     */
    public record Update(List<Entry> entries, List<String> accepted, List<String> refused, List<String> unusedAccepts) { }

    /**
     * {@code schema:lock}'s work: reads the lock (if any), applies {@link #update}, and writes it
     * when its text changes; logs each accepted change, each accept that matched nothing, and a
     * summary line.
     *
     * @param shown the lock file as shown to users
     * @param dialect the dialect {@code loaded} was validated and filtered for, named in the header
     * @throws SchemaFailure when the lock is malformed, or recorded changesets were edited or
     *     removed without being accepted (one problem each, at the lock's line)
     * @throws IOException when the lock cannot be read or written
     */
    public static void write(LoadedChangelog loaded, Path file, String shown, java.util.Set<String> accept,
            String dialect, dev.schemacode.core.log.SchemaLog log) throws SchemaFailure, IOException {
        Recorded recorded;
        try {
            recorded = Files.isRegularFile(file) ? read(file) : new Recorded(Map.of(), 0, null);
        } catch (Malformed e) {
            throw new SchemaFailure(Problem.error("lock-format", Location.of(shown, e.line()), e.getMessage()));
        }
        Update update = update(loaded, recorded, accept);
        if (!update.refused().isEmpty()) {
            List<Problem> refused = new ArrayList<>();
            for (String refusal : update.refused()) {
                String how = refusal.substring(0, refusal.indexOf(' '));
                String identity = refusal.substring(refusal.indexOf(' ') + 1);
                Location at = Location.of(shown, recorded.entries().get(identity).line());
                if (how.equals("excluded")) {
                    refused.add(Problem.error("lock-removed", at, "released changeset " + identity + " is not run on " + dialect
                            + " (its dbms excludes it), but this lock was recorded for "
                            + (recorded.dialect() == null ? "another dialect" : recorded.dialect())
                            + "; run schema:lock with that targetDatabase, or if " + dialect + " is now the target,"
                            + " accept dropping it from the lock with -Dschema.lock.accept=" + identity));
                    continue;
                }
                refused.add(Problem.error("lock-" + how, at,
                        "released changeset " + identity + " was " + how + "; restore it, or accept the change with"
                                + " -Dschema.lock.accept=" + identity + " if it is not deployed anywhere yet"));
            }
            if (refused.size() > 1) {
                refused.forEach(p -> log.error(p.format()));
            }
            throw new SchemaFailure(refused.size() == 1 ? refused.get(0).format()
                    : "schema:lock found " + refused.size() + " errors (listed above)", refused, null);
        }
        update.accepted().forEach(log::summary);
        update.unusedAccepts().forEach(a -> log.warn("schema.lock.accept names " + a + ", which is no edited or removed"
                + " released changeset; check the identity (path::id::author, as the lock lists it)"));
        String text = render(update.entries(), dialect);
        boolean changed = !Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text);
        if (changed) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        long added = update.entries().stream().filter(e -> !recorded.entries().containsKey(e.identity())).count();
        log.summary("schema:lock " + shown + ": " + update.entries().size() + " changesets recorded, " + added + " new"
                + (update.accepted().isEmpty() ? "" : ", " + update.accepted().size() + " accepted")
                + (recorded.dialect() != null && !recorded.dialect().equals(dialect)
                        ? ", now for " + dialect + " (was " + recorded.dialect() + ")" : "")
                + (changed ? "" : " (unchanged)"));
    }

    /**
     * @param sha a SHA-256 digest, reused line after line ({@code digest} resets it)
     * @return the chain value after a line: 16 hex digits of SHA-256(previous chain, identity, checksum)
     */
    static String chain(MessageDigest sha, String previous, String identity, String checkSum) {
        byte[] digest = sha.digest((previous + "\n" + identity + " " + checkSum).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
