package dev.schemacode.core.selftest;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.liquibase.ChangelogRunner;
import dev.schemacode.core.liquibase.DatabaseErrors;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.change.Change;
import liquibase.change.core.CreateProcedureChange;
import liquibase.change.core.RawSQLChange;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * The self-test: on a fresh private in-memory H2 database, apply every changeset, roll back
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
    private final org.h2.Driver driver = new org.h2.Driver();
    private final String url;

    private SelfTest(LoadedChangelog loaded, ChangelogSettings settings, SelfTestConfig config, SchemaLog log) {
        this.loaded = loaded;
        this.settings = settings;
        this.config = config;
        this.log = log;
        this.url = "jdbc:h2:mem:schemacode-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                + (config.h2Mode() == null ? "" : ";MODE=" + config.h2Mode());
    }

    /**
     * Runs the whole cycle.
     *
     * @param loaded the parsed changelog (parsed for the {@code h2} dialect)
     * @param settings contexts, labels and parameters
     * @param config rollback mode and H2 mode
     * @param log receives one detail line per changeset and phase
     * @return counts and timing of a passing run
     * @throws SchemaFailure when a changeset fails to apply or roll back (one problem naming the
     *     changeset, its file and line, and the database's error), or a second update would change
     *     something
     * @throws SchemaError when the in-memory database cannot be created
     */
    public static SelfTestResult run(LoadedChangelog loaded, ChangelogSettings settings, SelfTestConfig config,
            SchemaLog log) throws SchemaFailure, SchemaError {
        return run(loaded, settings, config, log, null);
    }

    /**
     * Like {@link #run(LoadedChangelog, ChangelogSettings, SelfTestConfig, SchemaLog)}, knowing
     * which changesets are released (recorded in {@code schema.lock}): with
     * {@code rollbackTest=auto}, every changeset not released yet must be rolled back, and one
     * that cannot be fails the self-test, naming it.
     *
     * @param released identities recorded in the lock, or {@code null} when there is no lock
     */
    public static SelfTestResult run(LoadedChangelog loaded, ChangelogSettings settings, SelfTestConfig config,
            SchemaLog log, java.util.Set<String> released) throws SchemaFailure, SchemaError {
        SelfTest test = new SelfTest(loaded, settings, config, log);
        test.released = released;
        return test.run();
    }

    private java.util.Set<String> released;

    private SelfTestResult run() throws SchemaFailure, SchemaError {
        long start = System.nanoTime();
        log.detail("self-test database: " + url);
        try (Connection keeper = connect()) {
            try {
                return cycle(start);
            } finally {
                try (Statement s = keeper.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException ignored) {
                    // the database is private and in memory: nothing to clean up on disk
                }
            }
        } catch (SQLException e) {
            throw new SchemaError("cannot create the in-memory H2 database for the self-test: " + e.getMessage(), e);
        }
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
            Database dialect = Databases.offline("h2", liquibase.Scope.getCurrentScope().getResourceAccessor());
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
                coverage = "rollback tested for the newest " + toRollBack + " of " + order.size()
                        + (order.size() == 1 ? " applied changeset" : " applied changesets") + "; stopped at " + where.changeset() + " (" + fileLine(where) + "): "
                        + firstIrreversible(stop, dialect)
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
        return new SelfTestResult(config.engineName(), total, applied.size(), rolledBack, reapplied, skipped, coverage, elapsed);
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
            Database database = Databases.live(connect());
            if (settings.defaultSchema() != null) {
                database.setDefaultSchemaName(settings.defaultSchema());
            }
            return database;
        } catch (Exception e) {
            throw new SchemaError("cannot connect to the self-test's in-memory H2 database: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "sa");
        props.setProperty("password", "");
        return driver.connect(url, props);
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
                    "self-test " + phase + " failed on " + config.engineName() + ": " + error), e);
        }
        Location where = loaded.sources().locate(failed);
        boolean isRollback = phase.equals("rollback");
        if (isRollback && find(cause, liquibase.exception.RollbackImpossibleException.class) != null) {
            Database dialect = failedDialect();
            return new SchemaFailure(Problem.error("rollback-failed", where, "changeset " + where.changeset()
                    + " cannot be rolled back (rollbackTest=all): " + firstIrreversible(failed, dialect)
                    + " has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing"), e);
        }
        StringBuilder message = new StringBuilder("changeset ").append(where.changeset()).append(' ')
                .append(isRollback ? "failed to roll back" : "failed to apply")
                .append(phase.equals("update") || isRollback ? "" : " on the second update")
                .append(" on ").append(config.engineName()).append(": ").append(error);
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
        boolean rawSql = false;
        for (Change change : failed.getChanges()) {
            if (change instanceof RawSQLChange || change instanceof SQLFileChange || change instanceof CreateProcedureChange) {
                rawSql = true;
            }
        }
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("unknown data type") || lower.contains("feature not supported")
                || lower.matches(".*function \"[^\"]+\" not found.*")) {
            return "H2 lacks this type, function or feature: if the changeset is written for another database, limit it"
                    + " to that engine with dbms=\"...\", or try an H2 compatibility mode (<h2Mode>)";
        }
        if (rawSql && lower.contains("syntax error")) {
            return "H2 cannot parse this SQL: fix it, or if it is written for another database, limit the changeset"
                    + " to that engine with dbms=\"...\" (or try an <h2Mode>)";
        }
        return null;
    }

    private Database failedDialect() {
        try {
            return Databases.offline("h2", liquibase.Scope.getCurrentScope().getResourceAccessor());
        } catch (SchemaFailure impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
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
