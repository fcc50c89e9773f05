package dev.schemacode.core.selftest;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.core.engine.ScratchDatabase;
import dev.schemacode.core.liquibase.ChangelogRunner;
import dev.schemacode.core.liquibase.DatabaseErrors;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.change.Change;
import liquibase.change.core.CreateProcedureChange;
import liquibase.change.core.RawSQLChange;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * The self-test: on a fresh database (in-memory H2, an embedded server or a scratch database,
 * see {@link ScratchDatabase}), apply every changeset, roll back
 * (as far as {@link RollbackTest} asks), apply again, then check that one more update has nothing
 * to do. The changelog is parsed once by the caller; each phase opens a new connection to the same
 * database, so session state left by one phase (temporary tables, settings) cannot hide a problem
 * in the next. Must be called inside {@code LiquibaseRuntime#call}.
 */
public final class SelfTest {

    private static final java.util.regex.Pattern UNRESOLVED = java.util.regex.Pattern.compile("\\$\\{([^}]+)}");

    private final LoadedChangelog loaded;
    private final ChangelogSettings settings;
    private final SelfTestConfig config;
    private final SchemaLog log;
    private final ScratchDatabase db;
    private final java.util.Set<String> released;

    private SelfTest(LoadedChangelog loaded, ChangelogSettings settings, SelfTestConfig config, SchemaLog log,
            ScratchDatabase db, java.util.Set<String> released) {
        this.loaded = loaded;
        this.settings = settings;
        this.config = config;
        this.log = log;
        this.db = db;
        this.released = released;
    }

    /**
     * Runs the whole cycle on {@code db}. Every message has the same shape whatever the engine.
     *
     * @param loaded the parsed changelog (parsed for {@code db}'s dialect)
     * @param settings contexts, labels and parameters
     * @param config rollback mode, and the production engine for hints
     * @param log receives one detail line per changeset and phase
     * @param db the database to run on; the caller opens and closes it
     * @param released identities recorded in {@code schema.lock}, or {@code null} when there is no
     *     lock: with {@code rollbackTest=auto}, every changeset not released yet must be rolled
     *     back, and one that cannot be fails the self-test, naming it
     * @return counts and timing of a passing run
     * @throws SchemaFailure when a changeset fails to apply or roll back (one problem naming the
     *     changeset, its file and line, and the database's error), or a second update would change
     *     something
     * @throws SchemaError when the database cannot be reached
     */
    public static SelfTestResult run(LoadedChangelog loaded, ChangelogSettings settings, SelfTestConfig config,
            SchemaLog log, ScratchDatabase db, java.util.Set<String> released) throws SchemaFailure, SchemaError {
        return new SelfTest(loaded, settings, config, log, db, released).run();
    }

    private SelfTestResult run() throws SchemaFailure, SchemaError {
        long start = System.nanoTime();
        log.detail("self-test database: " + db.shownUrl());
        return cycle(start);
    }

    private SelfTestResult cycle(long start) throws SchemaFailure, SchemaError {
        int total = loaded.total();

        ChangesetRecorder first = update("update");
        List<ChangesetRecorder.Applied> applied = first.applied();
        int skipped = countFiltered();
        if (applied.isEmpty() && total > 0) {
            throw new SchemaFailure(Problem.error("nothing-applied", Location.of(loaded.sources().display(loaded.path()), 0),
                    "the self-test applied no changeset: all " + total + " were skipped by context/label/dbms filters"
                            + " (contexts=" + settings.contexts() + ", labels=" + settings.labels()
                            + "); check the filters, or skip the self-test (schema.selftest.skip) if that is intended"));
        }

        int toRollBack;
        String coverage;
        List<ChangeSet> order = applied.stream().map(ChangesetRecorder.Applied::changeSet).toList();
        if (config.rollbackTest() == RollbackTest.NONE) {
            toRollBack = 0;
            coverage = "rollback not tested (rollbackTest=none)";
        } else if (config.rollbackTest() == RollbackTest.ALL) {
            toRollBack = order.size();
            coverage = "rollback tested for " + all(order.size());
        } else {
            Database dialect = Databases.offline(db.dialect(), liquibase.Scope.getCurrentScope().getResourceAccessor());
            toRollBack = 0;
            ChangeSet stop = null;
            for (int i = order.size() - 1; i >= 0; i--) {
                if (!order.get(i).supportsRollback(dialect)) {
                    stop = order.get(i);
                    break;
                }
                toRollBack++;
            }
            if (released != null) {
                // Changesets this change adds (not in the lock) must all be covered by the rollback test.
                for (int i = order.size() - 1 - toRollBack; i >= 0; i--) {
                    ChangeSet uncovered = order.get(i);
                    if (!released.contains(dev.schemacode.core.changelog.SourceMap.identity(uncovered))) {
                        Location where = loaded.sources().locate(uncovered);
                        String why = uncovered == stop
                                ? firstIrreversible(uncovered, dialect) + " has no automatic rollback"
                                : "the rollback test stops earlier, at " + loaded.sources().locate(stop).changeset() + " ("
                                        + firstIrreversible(stop, dialect) + " has no automatic rollback)";
                        throw new SchemaFailure(Problem.error("rollback-uncovered", where, "changeset " + where.changeset()
                                + " is new (not in schema.lock) and its rollback cannot be tested: " + why
                                + " — add a rollback, or an empty one if undoing it needs nothing"));
                    }
                }
            }
            if (stop == null) {
                coverage = "rollback tested for " + all(order.size());
            } else {
                Location where = loaded.sources().locate(stop);
                coverage = (toRollBack == 0
                        ? "rollback not tested: the newest applied changeset cannot roll back; stopped at "
                        : "rollback tested for the newest " + toRollBack + " of " + order.size()
                                + (order.size() == 1 ? " applied changeset" : " applied changesets") + "; stopped at ")
                        + where.changeset() + " (" + fileLine(where) + "): " + firstIrreversible(stop, dialect)
                        + " has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing";
            }
        }

        int rolledBack = 0;
        int reapplied = 0;
        if (toRollBack > 0) {
            ChangesetRecorder rollback = rollback(order.subList(order.size() - toRollBack, order.size()));
            rolledBack = rollback.rolledBack().size();
            ChangesetRecorder second = update("re-update");
            reapplied = second.applied().size();
        }
        ChangesetRecorder check = update("check");
        for (ChangesetRecorder.Applied again : check.applied()) {
            ChangeSet cs = again.changeSet();
            if (cs.shouldAlwaysRun() || cs.shouldRunOnChange()) {
                continue;
            }
            Location where = loaded.sources().locate(cs);
            throw new SchemaFailure(Problem.error("not-idempotent", where, "changeset " + where.changeset()
                    + " ran again on an update that should have had nothing to do; its checksum changes between runs"));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new SelfTestResult(db.displayName(), total, applied.size(), rolledBack, reapplied, skipped, coverage, elapsed);
    }

    /**
     * One update on a new connection. Driven through Liquibase's own iterator and visitor, not
     * its command pipeline: command steps keep per-instance state and reset global lock services
     * in their clean-up, which breaks executions running in parallel threads ({@code mvn -T}).
     * The private database needs no lock table.
     */
    private ChangesetRecorder update(String phase) throws SchemaFailure, SchemaError {
        ChangesetRecorder recorder = new ChangesetRecorder(log, phase);
        try (Database database = open()) {
            ChangelogRunner.update(database, loaded.changeLog(), new Contexts(settings.contexts()),
                    new LabelExpression(settings.labels()), recorder);
        } catch (SchemaError e) {
            throw e;
        } catch (Exception e) {
            throw failure(phase, recorder, e);
        }
        return recorder;
    }

    /** Rolls back the given changesets, newest first, on a new connection. */
    private ChangesetRecorder rollback(List<ChangeSet> changeSets) throws SchemaFailure, SchemaError {
        ChangesetRecorder recorder = new ChangesetRecorder(log, "rollback");
        try (Database database = open()) {
            ChangelogRunner.rollback(database, loaded.changeLog(), changeSets, new Contexts(settings.contexts()),
                    new LabelExpression(settings.labels()), recorder);
        } catch (SchemaError e) {
            throw e;
        } catch (Exception e) {
            throw failure("rollback", recorder, e);
        }
        return recorder;
    }

    private Database open() throws SchemaError {
        try {
            Database database = Databases.live(db.connect());
            if (settings.defaultSchema() != null) {
                database.setDefaultSchemaName(settings.defaultSchema());
            }
            return database;
        } catch (Exception e) {
            throw new SchemaError("cannot connect to the self-test's " + db.displayName() + " database: " + e.getMessage(), e);
        }
    }

    private int countFiltered() throws SchemaError {
        try (Database database = open()) {
            return loaded.droppedByDbms() + ChangelogRunner.countFiltered(loaded.changeSets(), database,
                    new Contexts(settings.contexts()), new LabelExpression(settings.labels()));
        } catch (SchemaError e) {
            throw e;
        } catch (Exception e) {
            return loaded.droppedByDbms();
        }
    }

    private SchemaFailure failure(String phase, ChangesetRecorder recorder, Exception e) {
        ChangeSet failed = recorder.failed();
        Throwable cause = recorder.failure() != null ? recorder.failure() : e;
        String error = DatabaseErrors.describe(cause);
        if (failed == null) {
            return new SchemaFailure(Problem.error(phase.equals("rollback") ? "rollback-failed" : "update-failed",
                    Location.of(loaded.sources().display(loaded.path()), 0),
                    "self-test " + phase + " failed on " + db.displayName() + ": " + error), e);
        }
        Location where = loaded.sources().locate(failed);
        boolean isRollback = phase.equals("rollback");
        if (isRollback && DatabaseErrors.find(cause, liquibase.exception.RollbackImpossibleException.class) != null) {
            Database dialect = failedDialect();
            return new SchemaFailure(Problem.error("rollback-failed", where, "changeset " + where.changeset()
                    + " cannot be rolled back (rollbackTest=all): " + firstIrreversible(failed, dialect)
                    + " has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing"), e);
        }
        StringBuilder message = new StringBuilder("changeset ").append(where.changeset()).append(' ')
                .append(isRollback ? "failed to roll back" : "failed to apply")
                .append(phase.equals("update") || isRollback ? "" : " on the second update")
                .append(" on ").append(db.displayName()).append(": ").append(error);
        String hint = hint(failed, error);
        if (hint != null) {
            message.append(" — ").append(hint);
        }
        return new SchemaFailure(Problem.error(isRollback ? "rollback-failed" : "update-failed", where, message.toString()), e);
    }

    /**
     * What to do about a failure, when the error says more than the database's message: an
     * unresolved {@code ${parameter}}, or SQL that H2 cannot run because it is written for another
     * engine. Plain mistakes (a missing table, a typo in a name) get no hint.
     */
    private String hint(ChangeSet failed, String error) {
        Matcher parameter = UNRESOLVED.matcher(error);
        if (parameter.find()) {
            return "${" + parameter.group(1) + "} is an unresolved changelog parameter: define it with <changeLogParameters>,"
                    + " a <property> in the changelog or spring.liquibase.parameters.*";
        }
        if (!db.dialect().equals("h2")) {
            return null;
        }
        boolean rawSql = false;
        for (Change change : failed.getChanges()) {
            if (change instanceof RawSQLChange || change instanceof SQLFileChange || change instanceof CreateProcedureChange) {
                rawSql = true;
            }
        }
        String lower = error.toLowerCase(Locale.ROOT);
        String engine = switchTo(failed);
        if (lower.contains("unknown data type") || lower.contains("feature not supported")
                || lower.matches(".*function \"[^\"]+\" not found.*")) {
            return "H2 lacks this type, function or feature: if the changeset is written for " + forWhat(engine)
                    + ", self-test on that engine with -Dschema.selftestEngine=" + engine
                    + ", or limit the changeset to it with dbms=\"...\"";
        }
        if (rawSql && lower.contains("syntax error")) {
            return "H2 cannot parse this SQL: fix it, or if it is written for " + forWhat(engine) + ", self-test on that engine with"
                    + " -Dschema.selftestEngine=" + engine + ", or limit the changeset to it with dbms=\"...\"";
        }
        return null;
    }

    private static String forWhat(String engine) {
        EngineKind kind = EngineKind.byName(engine);
        return kind == null ? "another database" : kind.displayName();
    }

    /**
     * @return the {@code selftestEngine} value to suggest for a changeset H2 cannot run: the engine
     *     its {@code dbms} names, else the production engine, else {@code postgresql (or mariadb)}
     */
    private String switchTo(ChangeSet failed) {
        Set<String> dbms = failed.getDbmsSet();
        if (dbms != null) {
            for (String name : dbms) {
                EngineKind kind = EngineKind.byName(name);
                if (kind != null && kind != EngineKind.H2) {
                    return kind.dialect();
                }
            }
        }
        if (config.productionEngine() != null && config.productionEngine() != EngineKind.H2) {
            return config.productionEngine().dialect();
        }
        return "postgresql (or mariadb)";
    }

    private Database failedDialect() {
        try {
            return Databases.offline(db.dialect(), liquibase.Scope.getCurrentScope().getResourceAccessor());
        } catch (SchemaFailure impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** @return the change type of the first change without an automatic inverse, e.g. {@code insert}. */
    private static String firstIrreversible(ChangeSet changeSet, Database dialect) {
        for (Change change : changeSet.getChanges()) {
            if (!change.supportsRollback(dialect)) {
                return change.getSerializedObjectName();
            }
        }
        return "a change";
    }

    private static String all(int count) {
        return count == 1 ? "the 1 applied changeset" : "all " + count + " applied changesets";
    }

    private static String fileLine(Location where) {
        return where.line() > 0 ? where.path() + ":" + where.line() : where.path();
    }
}
