package dev.schemacode.core.deploy;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.DeployConfig;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.liquibase.ChangelogRunner;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.RuntimeEnvironment;
import liquibase.change.Change;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.CreateViewChange;
import liquibase.changelog.ChangeLogIterator;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.changelog.visitor.ChangeLogSyncVisitor;
import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.structure.core.Table;
import liquibase.structure.core.View;

/**
 * The target goals besides deploy: status, history, rollback, baseline and unlock. Each connects,
 * loads and validates the changelog like a deploy; those that change the target take the same
 * locks. Must be called inside {@code LiquibaseRuntime#call}.
 */
public final class TargetTasks {

    private final Deployer context;
    private final ProjectLayout layout;
    private final ChangelogSettings settings;
    private final Target target;
    private final DeployConfig config;
    private final SchemaLog log;

    /** Which changesets a rollback undoes: exactly one of the three is set. */
    public record RollbackRequest(String tag, Integer count, Instant date) {
        public RollbackRequest {
            int set = (tag != null ? 1 : 0) + (count != null ? 1 : 0) + (date != null ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException("set exactly one of rollbackTag, rollbackCount or rollbackDate");
            }
            if (count != null && count < 1) {
                throw new IllegalArgumentException("rollbackCount must be 1 or more, was " + count);
            }
        }

        /**
         * @param value ISO-8601: an instant with offset ({@code 2026-11-29T10:00:00Z}) or a date
         *     ({@code 2026-11-29}, meaning its start in UTC); blank gives {@code null}
         * @throws IllegalArgumentException for anything else, saying what is expected
         */
        public static Instant parseDate(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String v = value.trim();
            try {
                return v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        : java.time.OffsetDateTime.parse(v).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("rollbackDate must be ISO-8601, e.g. 2026-11-29T10:00:00Z or 2026-11-29, was '"
                        + value + "'");
            }
        }
    }

    /**
     * @param pending identities of the changesets a deploy would apply, in order
     * @param drift problems that would stop a deploy (edited, unknown, other path form)
     */
    public record Status(List<String> pending, List<Problem> drift) { }

    public TargetTasks(LiquibaseRuntime runtime, ProjectLayout layout, String path, ChangelogSettings settings,
            Target target, DeployConfig config, SchemaLog log) {
        this.context = new Deployer(runtime, layout, path, settings, target, config, log);
        this.layout = layout;
        this.settings = settings;
        this.target = target;
        this.config = config;
        this.log = log;
    }

    /**
     * {@code schema:status}: what a deploy would apply, and any drift; logs one line each.
     *
     * @param failIfPending fail when anything is pending or drifted
     * @throws SchemaFailure with {@code failIfPending} when the target is not up to date
     */
    public Status status(boolean failIfPending) throws SchemaFailure, SchemaError {
        Status status = context.onTarget("status", (database, loaded, connector) -> {
            List<RanChangeSet> ran = List.copyOf(ChangelogRunner.readHistory(database));
            List<Problem> drift = context.historyProblems(loaded, ran);
            List<String> pending = new ArrayList<>();
            for (ChangeSet cs : pendingChangeSets(database, loaded)) {
                Location where = loaded.sources().locate(cs);
                pending.add(SourceMap.identity(cs));
                log.summary("pending " + SourceMap.identity(cs) + " (" + (where.line() > 0 ? where.path() + ":" + where.line() : where.path()) + ")");
            }
            drift.forEach(p -> log.warn(p.format()));
            return new Status(pending, drift);
        });
        log.summary("schema:status " + target.maskedUrl() + ": " + status.pending().size() + " pending, "
                + status.drift().size() + " drift " + (status.drift().size() == 1 ? "problem" : "problems"));
        if (failIfPending && (!status.pending().isEmpty() || !status.drift().isEmpty())) {
            throw new SchemaFailure(Problem.error("pending", Location.NONE, target.maskedUrl() + " is not up to date: "
                    + status.pending().size() + " pending changesets, " + status.drift().size()
                    + " drift problems (failIfPending)"));
        }
        return status;
    }

    /** {@code schema:history}: logs what the target has applied, oldest first, one line each. */
    public List<RanChangeSet> history() throws SchemaFailure, SchemaError {
        List<RanChangeSet> ran = context.onTarget("history", (database, loaded, connector) -> List.copyOf(ChangelogRunner.readHistory(database)));
        for (RanChangeSet r : ran) {
            log.summary(String.format(Locale.ROOT, "%s  %s::%s::%s  %s  deployment %s%s", r.getDateExecuted() == null ? "?"
                    : r.getDateExecuted().toInstant(), r.getChangeLog(), r.getId(), r.getAuthor(), r.getExecType(),
                    r.getDeploymentId(), r.getTag() == null ? "" : "  tag " + r.getTag()));
        }
        log.summary("schema:history " + target.maskedUrl() + ": " + ran.size() + " changesets applied");
        return ran;
    }

    /**
     * {@code schema:rollback}: rolls back, newest first, the changesets applied after a tag, the
     * last {@code count}, or those applied after a date. With {@code dryRun}, writes the SQL to
     * {@code rollback-<database>.sql} instead.
     *
     * @return identities of the changesets rolled back (or that would be)
     * @throws SchemaFailure when the tag is unknown, a changeset to roll back is missing from the
     *     changelog, or a rollback fails (naming the changeset and the database's error)
     */
    public List<String> rollback(RollbackRequest request) throws SchemaFailure, SchemaError {
        return context.onTarget("rollback", (database, loaded, connector) -> {
            Deployer.Work<List<String>> work = (db, l, c) -> {
                List<RanChangeSet> ran = new ArrayList<>(ChangelogRunner.history(db));
                ran.sort(Comparator.comparing(RanChangeSet::getOrderExecuted));
                List<RanChangeSet> chosen = choose(ran, request);
                List<ChangeSet> changeSets = new ArrayList<>();
                Map<String, ChangeSet> byKey = new HashMap<>();
                for (ChangeSet cs : l.changeSets()) {
                    byKey.put(Deployer.normalise(cs.getFilePath()) + "::" + cs.getId() + "::" + cs.getAuthor(), cs);
                }
                for (RanChangeSet r : chosen) {
                    ChangeSet cs = byKey.get(Deployer.normalise(r.getChangeLog()) + "::" + r.getId() + "::" + r.getAuthor());
                    if (cs == null) {
                        throw new SchemaFailure(Problem.error("rollback", Location.NONE, r.getChangeLog() + "::" + r.getId() + "::"
                                + r.getAuthor() + " is to be rolled back but is not in this changelog, so its rollback is unknown;"
                                + " roll back with the changelog that applied it"));
                    }
                    changeSets.add(cs);
                }
                List<String> ids = new ArrayList<>(changeSets.stream().map(SourceMap::identity).toList());
                java.util.Collections.reverse(ids); // rolled back newest first
                Contexts contexts = new Contexts(settings.contexts());
                LabelExpression labels = new LabelExpression(settings.labels());
                if (config.dryRun()) {
                    Path file = config.sqlDir().resolve("rollback-" + target.databaseName() + ".sql");
                    Deployer.recording(db, file, () -> ChangelogRunner.rollback(db, l.changeLog(), changeSets, contexts, labels, null));
                    log.summary("schema:rollback dry run for " + target.maskedUrl() + ": " + ids.size() + " "
                            + plural(ids.size()) + " would be rolled back; SQL in " + layout.display(file));
                    return ids;
                }
                RollbackFailure listener = new RollbackFailure();
                try {
                    ChangelogRunner.rollback(db, l.changeLog(), changeSets, contexts, labels, listener);
                } catch (Exception e) {
                    String error = target.mask(dev.schemacode.core.liquibase.DatabaseErrors.describe(listener.failure() != null ? listener.failure() : e));
                    if (listener.failed() == null) {
                        throw new SchemaFailure(Problem.error("rollback-failed", Location.NONE, "rollback on " + target.maskedUrl()
                                + " failed: " + error), null);
                    }
                    Location where = l.sources().locate(listener.failed());
                    throw new SchemaFailure(Problem.error("rollback-failed", where, "changeset " + where.changeset()
                            + " failed to roll back on " + target.maskedUrl() + ": " + error + "; the changesets after it"
                            + " in the rollback were not rolled back"), null);
                }
                ids.forEach(id -> log.summary("rolled back " + id));
                log.summary("schema:rollback " + target.maskedUrl() + ": " + ids.size() + " " + plural(ids.size()) + " rolled back");
                return ids;
            };
            return config.dryRun() ? work.run(database, loaded, connector) : context.locked(database, connector, work, loaded);
        });
    }

    private List<RanChangeSet> choose(List<RanChangeSet> ranOldestFirst, RollbackRequest request) throws SchemaFailure {
        List<RanChangeSet> chosen = new ArrayList<>();
        if (request.count() != null) {
            if (request.count() > ranOldestFirst.size()) {
                throw new SchemaFailure(Problem.error("rollback", Location.NONE, "rollbackCount " + request.count() + " is more than the "
                        + ranOldestFirst.size() + " changesets applied on " + target.maskedUrl() + "; schema:history lists them"));
            }
            chosen.addAll(ranOldestFirst.subList(Math.max(0, ranOldestFirst.size() - request.count()), ranOldestFirst.size()));
        } else if (request.date() != null) {
            for (RanChangeSet r : ranOldestFirst) {
                if (r.getDateExecuted() != null && r.getDateExecuted().toInstant().isAfter(request.date())) {
                    chosen.add(r);
                }
            }
        } else {
            int at = -1;
            for (int i = 0; i < ranOldestFirst.size(); i++) {
                if (request.tag().equals(ranOldestFirst.get(i).getTag())) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new SchemaFailure(Problem.error("rollback", Location.NONE, "tag '" + request.tag() + "' is not on "
                        + target.maskedUrl() + "; schema:history lists the tags there"));
            }
            chosen.addAll(ranOldestFirst.subList(at + 1, ranOldestFirst.size()));
        }
        return chosen;
    }

    /**
     * {@code schema:baseline}: records every pending changeset as applied without running it, to
     * adopt an existing database.
     *
     * @param force record even when tables or views the changelog creates are missing on the target
     * @return identities recorded
     * @throws SchemaFailure without {@code force} when the target lacks what the changelog creates
     */
    public List<String> baseline(boolean force) throws SchemaFailure, SchemaError {
        return context.onTarget("baseline", (database, loaded, connector) -> context.locked(database, connector, (db, l, c) -> {
            ChangelogRunner.history(db); // baseline writes the history: create it if needed
            List<ChangeSet> pending = pendingChangeSets(db, l);
            List<String> missing = new ArrayList<>();
            long unchecked = pending.stream().filter(cs -> cs.getChanges().stream().anyMatch(ch -> ch instanceof liquibase.change.AbstractSQLChange)).count();
            if (unchecked > 0) {
                log.warn(unchecked + " pending " + plural((int) unchecked) + " run raw SQL, whose effect baseline cannot check;"
                        + " make sure the target already has what they create");
            }
            context.warnAboutContexts(l, "baseline");
            for (ChangeSet cs : pending) {
                for (Change change : cs.getChanges()) {
                    if (change instanceof CreateTableChange t && !exists(db, new Table(t.getCatalogName(), t.getSchemaName(), t.getTableName()))) {
                        missing.add("table " + t.getTableName() + " (" + SourceMap.identity(cs) + ")");
                    } else if (change instanceof CreateViewChange v && !exists(db, new View(v.getCatalogName(), v.getSchemaName(), v.getViewName()))) {
                        missing.add("view " + v.getViewName() + " (" + SourceMap.identity(cs) + ")");
                    }
                }
            }
            if (!missing.isEmpty() && !force) {
                throw new SchemaFailure(Problem.error("baseline", Location.NONE, target.maskedUrl() + " lacks what the changelog creates: "
                        + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", …" : "")
                        + "; baseline records changesets as applied without running them, so deploy to this database instead,"
                        + " or force it (-Dschema.force) if the objects exist under other names"));
            }
            Contexts contexts = new Contexts(settings.contexts());
            LabelExpression labels = new LabelExpression(settings.labels());
            new ChangeLogIterator(l.changeLog(), new ShouldRunChangeSetFilter(db), new ContextChangeSetFilter(contexts),
                    new LabelChangeSetFilter(labels), new DbmsChangeSetFilter(db), new IgnoreChangeSetFilter())
                    .run(new ChangeLogSyncVisitor(db), new RuntimeEnvironment(db, contexts, labels));
            db.commit();
            List<String> ids = pending.stream().map(SourceMap::identity).toList();
            log.summary("schema:baseline " + target.maskedUrl() + ": " + ids.size() + " changesets recorded as applied without running them");
            return ids;
        }, loaded));
    }

    /**
     * {@code schema:unlock}: releases Liquibase's lock-table row left by a killed deployer.
     *
     * @param minLockAge refuse a lock younger than this
     * @param force release even a young lock
     * @return whether a lock was released
     * @throws SchemaFailure when a deploy holds the session lock right now, or the lock is younger
     *     than {@code minLockAge} without {@code force}
     */
    public boolean unlock(Duration minLockAge, boolean force) throws SchemaFailure, SchemaError {
        return context.onTarget("unlock", (database, loaded, connector) -> {
            LockService lockService = LockServiceFactory.getInstance().getLockService(database);
            DatabaseChangeLogLock[] locks = lockService.listLocks();
            if (locks.length == 0) {
                log.summary("schema:unlock " + target.maskedUrl() + ": no lock is held");
                return false;
            }
            DatabaseChangeLogLock lock = locks[0];
            String lockName = "schemacode:" + (target.liquibaseSchema() == null ? "" : target.liquibaseSchema() + ".") + target.changeLogTable();
            try (SessionLock session = SessionLock.on(connector.open("schemacode unlock"), database.getShortName(), lockName)) {
                if (!session.acquire(Duration.ZERO)) {
                    throw new SchemaFailure(Problem.error("unlock", Location.NONE, "a deploy is running on " + target.maskedUrl()
                            + " right now (" + session.holder() + "); its lock is not stale"));
                }
                Duration age = lock.getLockGranted() == null ? Duration.ZERO
                        : Duration.between(lock.getLockGranted().toInstant(), Instant.now());
                if (age.compareTo(minLockAge) < 0 && !force) {
                    throw new SchemaFailure(Problem.error("unlock", Location.NONE, "the lock on " + target.maskedUrl() + " held by "
                            + lock.getLockedBy() + " is only " + age.toSeconds() + " s old (minLockAge " + minLockAge.toSeconds()
                            + " s): its deployer may still be running; use -Dschema.force if you are sure it is dead"));
                }
                lockService.forceReleaseLock();
                log.summary("schema:unlock " + target.maskedUrl() + ": released the lock held by " + lock.getLockedBy()
                        + " since " + lock.getLockGranted());
                return true;
            }
        });
    }

    private List<ChangeSet> pendingChangeSets(Database database, LoadedChangelog loaded) throws Exception {
        ChangelogRunner.readHistory(database);
        ShouldRunChangeSetFilter shouldRun = new ShouldRunChangeSetFilter(database);
        ContextChangeSetFilter contexts = new ContextChangeSetFilter(new Contexts(settings.contexts()));
        LabelChangeSetFilter labels = new LabelChangeSetFilter(new LabelExpression(settings.labels()));
        DbmsChangeSetFilter dbms = new DbmsChangeSetFilter(database);
        List<ChangeSet> pending = new ArrayList<>();
        for (ChangeSet cs : loaded.changeSets()) {
            if (shouldRun.accepts(cs).isAccepted() && contexts.accepts(cs).isAccepted() && labels.accepts(cs).isAccepted()
                    && dbms.accepts(cs).isAccepted()) {
                pending.add(cs);
            }
        }
        return pending;
    }

    private static String plural(int count) {
        return count == 1 ? "changeset" : "changesets";
    }

    /** Remembers the changeset whose rollback failed. */
    private static final class RollbackFailure extends dev.schemacode.core.liquibase.ChangesetListener {
    }

    private static boolean exists(Database database, liquibase.structure.DatabaseObject object) {
        try {
            return SnapshotGeneratorFactory.getInstance().has(object, database);
        } catch (Exception e) {
            return false;
        }
    }
}
