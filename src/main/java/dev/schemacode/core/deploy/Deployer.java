package dev.schemacode.core.deploy;

import dev.schemacode.core.changelog.ChangelogLoader;
import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.DeployConfig;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.liquibase.ChangelogRunner;
import dev.schemacode.core.liquibase.DatabaseErrors;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.problem.Severity;
import dev.schemacode.core.validate.ChangelogValidator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.executor.LoggingExecutor;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;

/**
 * Deploys a changelog to a target: validate, compare the target's history with the changelog,
 * take the locks, apply what is pending with one log line per changeset, tag. Stops at the first
 * failing changeset; what was applied before stays recorded, so a rerun resumes. Must be called
 * inside {@code LiquibaseRuntime#call}.
 */
public final class Deployer {

    /** Marks Liquibase lock-table rows taken by Schemacode, so a killed deploy's row can be recognised. */
    static final String LOCK_MARK = "schemacode ";

    private final LiquibaseRuntime runtime;
    private final ProjectLayout layout;
    private final String path;
    private final ChangelogSettings settings;
    private final Target target;
    private final DeployConfig config;
    private final SchemaLog log;

    Deployer(LiquibaseRuntime runtime, ProjectLayout layout, String path, ChangelogSettings settings,
            Target target, DeployConfig config, SchemaLog log) {
        this.runtime = runtime;
        this.layout = layout;
        this.path = path;
        this.settings = settings;
        this.target = target;
        this.config = config;
        this.log = log;
    }

    /**
     * @param path the master changelog's classpath-relative path (the identity the application records)
     * @return what was applied
     * @throws SchemaFailure for an invalid changelog, a target whose history does not match the
     *     changelog, a lock held by another deployer past {@code lockTimeout}, or a failing changeset
     * @throws SchemaError when the target cannot be reached
     */
    public static DeployResult deploy(LiquibaseRuntime runtime, ProjectLayout layout, String path,
            ChangelogSettings settings, Target target, DeployConfig config, SchemaLog log) throws SchemaFailure, SchemaError {
        return new Deployer(runtime, layout, path, settings, target, config, log).run();
    }

    /** Work done on a connected target with its changelog loaded. */
    interface Work<T> {
        T run(Database database, LoadedChangelog loaded, TargetConnector connector) throws Exception;
    }

    /**
     * Connects, loads the changelog for the target's dialect, validates it (any error stops here,
     * before the target is changed), then runs {@code work}.
     *
     * @param what names the operation in messages, e.g. {@code deploy}
     */
    <T> T onTarget(String what, Work<T> work) throws SchemaFailure, SchemaError {
        TargetConnector connector = TargetConnector.forTarget(target, runtime.classLoader());
        Connection connection = connector.open("schemacode " + what);
        try (Database database = Databases.live(connection)) {
            configure(database);
            LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, path, settings, database);
            List<Problem> problems = ChangelogValidator.validate(loaded, database).problems();
            if (problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
                throw failure("the changelog is invalid for " + database.getShortName() + "; nothing was changed", problems);
            }
            problems.forEach(p -> log.warn(p.format()));
            loaded.warnIfStale(log, layout.display(layout.outputDir()), "schema:" + what);
            return work.run(database, loaded, connector);
        } catch (SchemaFailure | SchemaError e) {
            throw e;
        } catch (Exception e) {
            throw new SchemaError(what + " on " + target.maskedUrl() + " failed: " + target.mask(DatabaseErrors.describe(e)), null);
        }
    }

    /**
     * Runs {@code work} holding the target's session lock (waiting up to {@code lockTimeout}) and
     * Liquibase's lock-table row, releasing a row left by a killed Schemacode deploy first.
     */
    <T> T locked(Database database, TargetConnector connector, Work<T> work, LoadedChangelog loaded) throws Exception {
        String lockName = "schemacode:" + (target.liquibaseSchema() == null ? "" : target.liquibaseSchema() + ".")
                + target.changeLogTable();
        try (SessionLock lock = SessionLock.on(connector.open("schemacode lock"), database.getShortName(), lockName)) {
            long deadline = System.nanoTime() + config.lockTimeout().toNanos();
            if (!lock.acquire(Duration.ZERO)) {
                log.summary("waiting up to " + config.lockTimeout().toSeconds() + " s (lockTimeout) for the deploy on "
                        + target.maskedUrl() + " by " + lock.holder() + " to finish");
                if (!lock.acquire(config.lockTimeout())) {
                    throw new SchemaFailure(Problem.error("locked", Location.NONE, target.maskedUrl() + " is being deployed by "
                            + lock.holder() + "; waited " + config.lockTimeout().toSeconds()
                            + " s (lockTimeout); run again when that deploy has finished"));
                }
            }
            LockService lockService = LockServiceFactory.getInstance().getLockService(database);
            releaseStaleLock(lockService, lock.supported());
            acquireLockRow(lockService, deadline);
            try {
                markLock(database);
                return work.run(database, loaded, connector);
            } finally {
                lockService.releaseLock();
            }
        }
    }

    private DeployResult run() throws SchemaFailure, SchemaError {
        long start = System.nanoTime();
        return onTarget("deploy", (database, loaded, connector) -> {
            warnAboutContexts(loaded, "deploy");
            if (config.dryRun()) {
                return dryRun(database, loaded, start);
            }
            return locked(database, connector, (db, l, c) -> deployLocked(db, l, start), loaded);
        });
    }

    private void configure(Database database) throws liquibase.exception.DatabaseException {
        database.setDatabaseChangeLogTableName(target.changeLogTable());
        database.setDatabaseChangeLogLockTableName(target.lockTable());
        if (target.liquibaseSchema() != null) {
            database.setLiquibaseSchemaName(target.liquibaseSchema());
        }
        if (settings.defaultSchema() != null) {
            database.setDefaultSchemaName(settings.defaultSchema());
        }
    }

    private DeployResult deployLocked(Database database, LoadedChangelog loaded, long start) throws Exception {
        List<RanChangeSet> ran = List.copyOf(ChangelogRunner.history(database));
        checkHistory(loaded, ran);
        int skipped = countFiltered(loaded, database);
        AuditLog audit = new AuditLog(log, loaded);
        try {
            ChangelogRunner.update(database, loaded.changeLog(), new Contexts(settings.contexts()),
                    new LabelExpression(settings.labels()), audit);
        } catch (Exception e) {
            throw changesetFailure(loaded, audit, e);
        }
        if (config.tag() != null) {
            boolean again = !audit.applied.isEmpty() && ran.stream().anyMatch(r -> config.tag().equals(r.getTag()));
            database.tag(config.tag());
            database.commit();
            if (again) {
                log.warn("tag " + config.tag() + " already marked an earlier deploy of " + target.maskedUrl()
                        + "; it now marks two rows, and rollbackTag=" + config.tag() + " rolls back to this later one"
                        + " (use a new tag per release, e.g. ${project.version} of a release build)");
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.summary(String.format(Locale.ROOT, "schema:deploy %s: %d %s applied, %d already applied, %d skipped by"
                + " context/label/dbms filters%s (%.1f s)", target.maskedUrl(), audit.applied.size(),
                audit.applied.size() == 1 ? "changeset" : "changesets", ran.size(), skipped,
                config.tag() == null ? "" : "; tagged " + config.tag(), elapsed.toMillis() / 1000.0));
        return new DeployResult(target.maskedUrl(), audit.applied, ran.size(), skipped, config.tag(), null, elapsed);
    }

    /**
     * Takes Liquibase's lock-table row, polling once a second until {@code deadline} (Liquibase's
     * own wait counts in whole minutes and prints to the console).
     *
     * @throws SchemaFailure naming the holder and {@code schema:unlock} when the row stays taken
     */
    private void acquireLockRow(LockService lockService, long deadline) throws Exception {
        boolean announced = false;
        while (!lockService.acquireLock()) {
            DatabaseChangeLogLock[] locks = lockService.listLocks();
            String holder = locks.length == 0 ? "another process"
                    : locks[0].getLockedBy() + " since " + (locks[0].getLockGranted() == null ? "?" : locks[0].getLockGranted().toInstant());
            if (System.nanoTime() >= deadline) {
                throw new SchemaFailure(Problem.error("locked", Location.NONE, "Liquibase's lock on " + target.maskedUrl()
                        + " is held by " + holder + " (an application running Liquibase, or a deployer that died); waited "
                        + config.lockTimeout().toSeconds() + " s (lockTimeout); if its owner is gone, release it with schema:unlock"));
            }
            if (!announced) {
                log.summary("waiting up to " + config.lockTimeout().toSeconds() + " s (lockTimeout) for Liquibase's lock on "
                        + target.maskedUrl() + ", held by " + holder);
                announced = true;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * With the session lock held, no other Schemacode deploy is running: a lock-table row that a
     * Schemacode deploy marked is left over from one that was killed.
     */
    private void releaseStaleLock(LockService lockService, boolean sessionLocked) throws Exception {
        if (!sessionLocked) {
            return;
        }
        for (DatabaseChangeLogLock lock : lockService.listLocks()) {
            if (lock.getLockedBy() != null && lock.getLockedBy().startsWith(LOCK_MARK)) {
                lockService.forceReleaseLock();
                log.summary("released a stale lock left by a killed Schemacode deploy (" + lock.getLockedBy().substring(LOCK_MARK.length())
                        + ", since " + lock.getLockGranted() + ")");
                lockService.reset();
                return;
            }
        }
    }

    private void markLock(Database database) throws SQLException, liquibase.exception.DatabaseException {
        Connection jdbc = ((liquibase.database.jvm.JdbcConnection) database.getConnection()).getUnderlyingConnection();
        String table = database.escapeTableName(database.getLiquibaseCatalogName(), database.getLiquibaseSchemaName(),
                database.getDatabaseChangeLogLockTableName());
        String column = database.escapeObjectName("LOCKEDBY", liquibase.structure.core.Column.class);
        String id = database.escapeObjectName("ID", liquibase.structure.core.Column.class);
        try (PreparedStatement s = jdbc.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + id + " = 1")) {
            s.setString(1, LOCK_MARK + "deploy on " + liquibase.util.NetUtil.getLocalHostName());
            s.executeUpdate();
        } catch (Exception e) {
            log.detail("could not mark the lock row as Schemacode's: " + e.getMessage());
        }
        database.commit();
    }

    /**
     * Stops when the target's history does not match the changelog: changesets applied there but
     * absent here (unless allowed), applied with a different checksum, or recorded under another
     * form of the same path (which would make them run again).
     */
    private void checkHistory(LoadedChangelog loaded, List<RanChangeSet> ran) throws SchemaFailure {
        List<Problem> problems = historyProblems(loaded, ran);
        if (!problems.isEmpty()) {
            throw failure("the history of " + target.maskedUrl() + " does not match the changelog; nothing was deployed", problems);
        }
    }

    /**
     * @return the differences between the target's history and the changelog that make a deploy
     *     unsafe: edited applied changesets, other path forms, and (unless allowed) changesets
     *     unknown to the changelog
     */
    List<Problem> historyProblems(LoadedChangelog loaded, List<RanChangeSet> ran) {
        Map<String, ChangeSet> exact = new HashMap<>();
        Map<String, ChangeSet> normal = new HashMap<>();
        for (ChangeSet cs : loaded.changeSets()) {
            exact.put(key(cs.getFilePath(), cs.getId(), cs.getAuthor()), cs);
            normal.put(key(normalise(cs.getFilePath()), cs.getId(), cs.getAuthor()), cs);
        }
        for (ChangeSet cs : loaded.changeLog().getSkippedChangeSets()) {
            normal.put(key(normalise(cs.getFilePath()), cs.getId(), cs.getAuthor()), cs);
        }
        List<Problem> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (RanChangeSet r : ran) {
            ChangeSet cs = exact.get(key(r.getChangeLog(), r.getId(), r.getAuthor()));
            if (cs == null) {
                ChangeSet other = normal.get(key(normalise(r.getChangeLog()), r.getId(), r.getAuthor()));
                if (other != null) {
                    Location where = loaded.sources().locate(other);
                    problems.add(Problem.error("path-form", where, "changeset " + SourceMap.identity(other)
                            + " was applied as " + r.getChangeLog() + "::" + r.getId() + "::" + r.getAuthor()
                            + " and would run again under the path this build gives it; set logicalFilePath=\""
                            + r.getChangeLog() + "\" on its changelog, or deploy with the same changeLogFile the application uses"));
                } else {
                    unknown.add(r.getChangeLog() + "::" + r.getId() + "::" + r.getAuthor());
                }
                continue;
            }
            if (r.getLastCheckSum() != null && !cs.isCheckSumValid(r.getLastCheckSum())
                    && !cs.shouldRunOnChange() && !cs.shouldAlwaysRun()) {
                Location where = loaded.sources().locate(cs);
                problems.add(Problem.error("checksum", where, "changeset " + SourceMap.identity(cs)
                        + " was edited after it was applied to this target (checksum " + r.getLastCheckSum() + " there, "
                        + cs.generateCheckSum(liquibase.ChecksumVersion.enumFromChecksumVersion(r.getLastCheckSum().getVersion()))
                        + " now); undo the edit and write a new changeset instead"));
            }
        }
        if (!unknown.isEmpty() && !config.allowUnknownChangesets()) {
            problems.add(Problem.error("unknown-changesets", Location.NONE, unknown.size() + " changeset"
                    + (unknown.size() == 1 ? " is" : "s are") + " applied on " + target.maskedUrl()
                    + " but not in this changelog: " + String.join(", ", unknown.subList(0, Math.min(20, unknown.size())))
                    + (unknown.size() > 20 ? ", …" : "")
                    + "; deploy the changelog that applied them, or set allowUnknownChangesets if that is expected"));
        } else if (!unknown.isEmpty()) {
            log.warn(unknown.size() + " changesets applied on the target are not in this changelog (allowUnknownChangesets)");
        }
        return problems;
    }

    /**
     * Path forms that name the same classpath resource: {@code classpath:}, leading {@code /} or
     * {@code ./}, Spring Boot's and WAR's class prefixes, and the Maven source or output directory
     * (a changelog once deployed with {@code changeLogFile=src/main/resources/...}).
     */
    static String normalise(String path) {
        if (path == null) {
            return "";
        }
        String p = path.replace('\\', '/');
        if (p.startsWith("classpath:")) {
            p = p.substring("classpath:".length());
        }
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("/") ? p.substring(1) : p.substring(2);
        }
        for (String prefix : List.of("BOOT-INF/classes/", "WEB-INF/classes/", "src/main/resources/", "target/classes/")) {
            if (p.startsWith(prefix)) {
                p = p.substring(prefix.length());
            }
        }
        return p;
    }

    private static String key(String path, String id, String author) {
        return path + "::" + id + "::" + author;
    }

    int countFiltered(LoadedChangelog loaded, Database database) {
        return loaded.droppedByDbms() + ChangelogRunner.countFiltered(loaded.changeSets(), database,
                new Contexts(settings.contexts()), new LabelExpression(settings.labels()));
    }

    /**
     * Warns when the changelog binds changesets to contexts and this run sets none: they would all
     * run, test and sample data included.
     *
     * @param what the operation, e.g. {@code deploy}
     */
    void warnAboutContexts(LoadedChangelog loaded, String what) {
        if (settings.contexts() != null) {
            return;
        }
        TreeSet<String> used = new TreeSet<>();
        for (ChangeSet cs : loaded.changeSets()) {
            if (cs.getContextFilter() != null && !cs.getContextFilter().isEmpty()) {
                used.add(cs.getContextFilter().toString());
            }
        }
        if (!used.isEmpty()) {
            log.warn("the changelog binds changesets to contexts (" + String.join(", ", used) + ") but this " + what + " sets none,"
                    + " so every changeset runs whatever its context, test and sample data too; set <contexts> (-Dschema.contexts)"
                    + " for this target");
        }
    }

    /** Runs {@code work} with every statement written to {@code file} instead of executed. */
    static void recording(Database database, Path file, Work0 work) throws Exception {
        Files.createDirectories(file.getParent());
        ExecutorService executors = Scope.getCurrentScope().getSingleton(ExecutorService.class);
        Executor real = executors.getExecutor("jdbc", database);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            executors.setExecutor("jdbc", database, new LoggingExecutor(real, out, database));
            try {
                work.run();
            } finally {
                executors.setExecutor("jdbc", database, real);
            }
        }
        database.rollback();
    }

    /** Work without a result. */
    interface Work0 {
        void run() throws Exception;
    }

    private DeployResult dryRun(Database database, LoadedChangelog loaded, long start) throws Exception {
        Path file = config.sqlDir().resolve("deploy-" + target.databaseName() + ".sql");
        AuditLog audit = new AuditLog(SchemaLog.silent(), loaded);
        try {
            recording(database, file, () -> ChangelogRunner.update(database, loaded.changeLog(),
                    new Contexts(settings.contexts()), new LabelExpression(settings.labels()), audit));
            if (audit.applied.isEmpty()) {
                Files.writeString(file, "-- " + config.goal() + ": nothing to apply, " + target.maskedUrl() + " is up to date\n",
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new SchemaError("cannot write " + layout.display(file) + ": " + e.getMessage(), e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        log.summary(String.format(Locale.ROOT, "%s dry run for %s: %d %s would be applied; SQL in %s (%.1f s)",
                config.goal(), target.maskedUrl(), audit.applied.size(), audit.applied.size() == 1 ? "changeset" : "changesets",
                layout.display(file), elapsed.toMillis() / 1000.0));
        return new DeployResult(target.maskedUrl(), audit.applied, 0, countFiltered(loaded, database), null, file, elapsed);
    }

    private SchemaFailure changesetFailure(LoadedChangelog loaded, AuditLog audit, Exception e) {
        String error = target.mask(DatabaseErrors.describe(audit.failure() != null ? audit.failure() : e));
        if (audit.failed() == null) {
            return new SchemaFailure(Problem.error("deploy-failed", Location.NONE, "deploy to " + target.maskedUrl()
                    + " failed: " + error), null);
        }
        Location where = loaded.sources().locate(audit.failed());
        boolean autoCommitsDdl = target.url().startsWith("jdbc:mysql:") || target.url().startsWith("jdbc:mariadb:");
        return new SchemaFailure(Problem.error("deploy-failed", where, "changeset " + where.changeset() + " failed on "
                + target.maskedUrl() + ": " + error + "; " + audit.applied.size()
                + (audit.applied.size() == 1 ? " changeset" : " changesets") + " applied before it stay applied, and a rerun"
                + " resumes from this one" + (autoCommitsDdl ? " (MySQL and MariaDB commit DDL at once: statements of this"
                + " changeset that ran before the failure stay done, so check the target before rerunning)" : "")), null);
    }

    SchemaFailure failure(String summary, List<Problem> problems) {
        if (problems.size() == 1) {
            return new SchemaFailure(problems.get(0).format(), problems, null);
        }
        problems.forEach(p -> {
            if (p.severity() == Severity.ERROR) {
                log.error(p.format());
            } else {
                log.warn(p.format());
            }
        });
        return new SchemaFailure("schema:deploy: " + summary + " (" + problems.size() + " problems listed above)", problems, null);
    }

    /** One line per applied changeset at the default level: a real target deserves an audit trail. */
    private static final class AuditLog extends dev.schemacode.core.liquibase.ChangesetListener {
        private final SchemaLog log;
        private final LoadedChangelog loaded;
        private final List<String> applied = new ArrayList<>();

        AuditLog(SchemaLog log, LoadedChangelog loaded) {
            this.log = log;
            this.loaded = loaded;
        }

        @Override
        protected void applied(ChangeSet changeSet, ChangeSet.ExecType execType, long millis) {
            String identity = SourceMap.identity(changeSet);
            applied.add(identity);
            Location where = loaded.sources().locate(changeSet);
            log.summary(String.format(Locale.ROOT, "applied %s (%s) %s in %d ms", identity,
                    where.line() > 0 ? where.path() + ":" + where.line() : where.path(),
                    execType == ChangeSet.ExecType.EXECUTED ? "" : execType.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    millis).replace("  in", " in"));
        }
    }
}
