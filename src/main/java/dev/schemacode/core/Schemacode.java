package dev.schemacode.core;

import dev.schemacode.core.changelog.ChangelogLoader;
import dev.schemacode.core.changelog.ChangelogLocator;
import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.DeployConfig;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.config.SettingsResolver;
import dev.schemacode.core.config.SpringBootConfig;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.deploy.DeployResult;
import dev.schemacode.core.deploy.Deployer;
import dev.schemacode.core.deploy.TargetTasks;
import dev.schemacode.core.engine.EngineArtifacts;
import dev.schemacode.core.engine.EngineCatalog;
import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.core.engine.Engines;
import dev.schemacode.core.engine.ScratchDatabase;
import dev.schemacode.core.lint.Finding;
import dev.schemacode.core.lint.LintConfig;
import dev.schemacode.core.lint.LintReport;
import dev.schemacode.core.lint.LintReports;
import dev.schemacode.core.lint.Linter;
import dev.schemacode.core.lint.RuleLevel;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.core.lock.ChecksumLock;
import dev.schemacode.core.lock.LockComparison;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.problem.Severity;
import dev.schemacode.core.selftest.SelfTest;
import dev.schemacode.core.selftest.SelfTestResult;
import dev.schemacode.core.validate.ChangelogValidator;
import dev.schemacode.core.validate.StreamingValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;

/**
 * The entry point of the core: one method per goal. Takes plain values and a {@link SchemaLog},
 * knows nothing of Maven. Each call is independent: its own Liquibase scope, class loader and
 * database, so calls may run in parallel threads.
 */
public final class Schemacode {

    private final ProjectLayout layout;
    private final SchemaLog log;
    private final boolean readSpringBoot;

    /**
     * @param layout the project's directories and class path
     * @param log where progress and problems go
     * @param readSpringBoot whether to fill settings the POM leaves unset from the application's
     *     {@code spring.liquibase.*} configuration
     */
    public Schemacode(ProjectLayout layout, SchemaLog log, boolean readSpringBoot) {
        this.layout = layout;
        this.log = log;
        this.readSpringBoot = readSpringBoot;
    }

    /**
     * The outcome of {@link #validate}.
     *
     * @param changelog the master changelog as shown to users
     * @param checked changesets validated
     * @param skippedByDbms changesets excluded by their {@code dbms} filter for the dialect
     * @param problems the warnings found (errors throw instead)
     */
    public record ValidateResult(String changelog, int checked, int skippedByDbms, List<Problem> problems, LintReport lint) { }

    /**
     * {@code schema:validate}: parses the changelog tree from the source resource directories and
     * runs Liquibase's validation, without any database. Logs one line per warning and a summary.
     *
     * @param pomSettings the settings written in the POM (unset values {@code null})
     * @throws SchemaFailure listing every problem found, when any is an error
     * @throws SchemaError when files cannot be read
     */
    public ValidateResult validate(ChangelogSettings pomSettings) throws SchemaFailure, SchemaError {
        return validate(pomSettings, LintConfig.defaults());
    }

    /**
     * {@code schema:validate} with the risk rules configured as written in the POM: like
     * {@link #validate(ChangelogSettings, LintConfig)}, and a {@code <rules>} mistake, too, leaves
     * no earlier run's reports behind.
     *
     * @param rules rule id to level as written ({@code error}, {@code warn}, {@code off}); may be null
     * @param selfTestDialect the dialect the self-test runs on ({@code h2} unless another engine is chosen)
     * @throws SchemaFailure when {@code rules} names an unknown rule or level, or as the other overload
     */
    public ValidateResult validate(ChangelogSettings pomSettings, java.util.Map<String, String> rules, String selfTestDialect)
            throws SchemaFailure, SchemaError {
        clearReports();
        return validate(pomSettings, LintConfig.of(rules, selfTestDialect));
    }

    /** Deletes the reports of an earlier run: one that stops before writing its own must not leave those behind for CI. */
    private void clearReports() throws SchemaError {
        for (String report : List.of(LintReports.JSON_FILE, LintReports.SARIF_FILE)) {
            Path file = layout.buildDir().resolve("schema").resolve(report);
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new SchemaError("cannot replace " + layout.display(file) + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * {@code schema:validate} with the risk rules configured by {@code lintConfig}: after
     * Liquibase's validation, every rule runs on the parsed changelog (see {@link Linter}); shown
     * findings are logged grouped by file, then counted.
     *
     * @throws SchemaFailure when a problem or a rule finding is an error (each is logged first)
     */
    public ValidateResult validate(ChangelogSettings pomSettings, LintConfig lintConfig) throws SchemaFailure, SchemaError {
        long start = System.nanoTime();
        clearReports();
        ChangelogSettings settings = settings(pomSettings);
        ChangelogLocator.Located located = ChangelogLocator.locate(layout, settings.changeLogFile(), List.of(), settings.changeLogSetting());
        List<Path> searchPath = new ArrayList<>();
        if (located.extraRoot() != null) {
            searchPath.add(located.extraRoot());
        }
        searchPath.addAll(layout.sourceRoots());
        searchPath.addAll(jarsOnly(layout.runtimeClasspath()));
        List<Path> classpath = new ArrayList<>();
        classpath.add(layout.outputDir());
        classpath.addAll(layout.runtimeClasspath());
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(searchPath, classpath, log)) {
            return call(runtime, () -> {
                Phases phases = new Phases(start);
                Path reports = layout.buildDir().resolve("schema");
                SourceMap beforeParse = new SourceMap(layout, runtime.resourceAccessor());
                Path lock = lockFile(beforeParse, located.path());
                boolean hasLock = lock != null && Files.isRegularFile(lock);
                Database dialect;
                try {
                    dialect = Databases.offline(settings.validationDialect(), runtime.resourceAccessor());
                } catch (SchemaFailure e) {
                    // an unknown targetDatabase: CI's reports name it too
                    writeProblemReports(e.problems(), hasLock, settings.validationDialect(), lintConfig.levels(), beforeParse.display(located.path()), reports);
                    throw e;
                }
                // after the dialect is known to Liquibase: the header does not present a mistyped targetDatabase as accepted
                header("schema:validate", "checking " + located.path() + " for " + settings.validationDialect() + " without a database");
                ChecksumLock.Recorded recorded = hasLock ? readLock(lock) : null;
                LockComparison comparison = recorded == null ? null : new LockComparison(recorded);
                // Liquibase's validation, then the lock comparison, run on their own thread while the changelog is
                // parsed, changeset by changeset; meanwhile a worker loads what writing the reports needs.
                // Released changesets that still match the lock exactly are not validated by Liquibase again, when
                // the lock was recorded (and so validated) for this dialect.
                boolean sameDialect = recorded != null && settings.validationDialect().equals(recorded.dialect());
                if (recorded != null && !sameDialect) {
                    log.detail(() -> layout.display(lock) + " was recorded for " + (recorded.dialect() == null ? "an unnamed dialect"
                            : recorded.dialect()) + ", so released changesets are validated for " + settings.validationDialect() + " too");
                }
                try (StreamingValidation validation = new StreamingValidation(runtime, dialect,
                        comparison == null ? cs -> { } : comparison::compare,
                        sameDialect ? comparison::releasedUnchanged : cs -> false);
                        Workers workers = new Workers(2)) {
                    workers.pool().submit(LintReports::prime);
                    LoadedChangelog loaded;
                    try {
                        // Before compilation the project's own customChange classes may not exist yet.
                        loaded = ChangelogLoader.load(runtime, layout, located.path(), settings, dialect, true, validation);
                        phases.done("parse");
                    } catch (SchemaFailure e) {
                        writeProblemReports(e.problems(), hasLock, settings.validationDialect(), lintConfig.levels(), beforeParse.display(located.path()), reports);
                        throw fail("schema:validate", e, e.problems());
                    }
                    loaded.warnings().forEach(p -> log.warn(p.format()));
                    String shown = loaded.sources().display(loaded.path());
                    // validate reports a broken lock; the rules then judge as without one
                    java.util.Set<String> released = recorded == null ? null : recorded.entries().keySet();
                    // The risk rules (and validate.sarif) run on a worker beside the rest of the validation, in this
                    // execution's Liquibase scope: they only read what parsing built. The lock comparison follows
                    // each changeset's validation (see LockComparison for why it must).
                    ChangelogValidator.Result result;
                    List<Problem> lockProblems;
                    LintReport lint;
                    LintReports.Meta meta = new LintReports.Meta(version(), dev.schemacode.core.liquibase.LiquibaseVersion.display(), shown, layout.projectDir());
                    java.util.concurrent.CompletableFuture<LintReport> linted = new java.util.concurrent.CompletableFuture<>();
                    java.util.concurrent.Future<LintReport> rules = workers.pool().submit(() -> runtime.call(() -> {
                        LintReport report;
                        try {
                            report = Linter.lint(loaded, dialect, lintConfig.selfTestDialect(), lintConfig.levels(), released);
                        } catch (RuntimeException | Error e) {
                            linted.completeExceptionally(e);
                            throw e;
                        }
                        linted.complete(report);
                        LintReports.writeSarif(report, List.of(), meta, reports);
                        return report;
                    }));
                    java.util.concurrent.atomic.AtomicInteger validated = new java.util.concurrent.atomic.AtomicInteger();
                    // Changesets the parse did not hand over as it went (a master that is not XML) are compared here:
                    // half of them (every other changeset) on a worker following the validation, half on this thread.
                    java.util.concurrent.Future<?> checksums = comparison == null ? null : workers.pool().submit(() -> runtime.call(() -> {
                        comparison.follow(loaded, validated::get, 1);
                        return null;
                    }));
                    result = validation.finish(loaded, validated::set);
                    phases.done("liquibase validation");
                    if (sameDialect) {
                        log.detail(() -> result.releasedUnchanged() + " released changesets match " + layout.display(lock)
                                + " exactly: not validated by Liquibase again, as it does not validate changesets a database has run");
                    }
                    if (comparison == null) {
                        lockProblems = checkLock(loaded);
                    } else {
                        comparison.follow(loaded, validated::get, 0);
                        join(checksums);
                        java.util.Map<String, Boolean> validity = comparison.complete(loaded);
                        lockProblems = ChecksumLock.check(loaded, recorded, layout.display(lock), validity);
                    }
                    phases.done("lock check");
                    try {
                        LintReports.writeJson(join(linted), List.of(), meta, reports); // beside validate.sarif
                    } catch (java.io.IOException e) {
                        throw new SchemaError("cannot write the reports under " + layout.display(reports) + ": " + e.getMessage(), e);
                    }
                    lint = join(rules);
                    // an identity defined twice: the rules judged both definitions by identity; the lock's checksum
                    // tells which one is released
                    java.util.Map<dev.schemacode.core.problem.Location, Boolean> duplicates = recorded == null ? java.util.Map.of()
                            : ChecksumLock.duplicateDefinitions(loaded, recorded);
                    lint = Linter.withReleased(lint, duplicates);
                    phases.done("risk rules and reports");
                    List<Problem> problems = new ArrayList<>(result.problems().stream().filter(p -> !Linter.isRule(p)).toList());
                    problems = new ArrayList<>(ChecksumLock.explainDuplicates(problems, duplicates));
                    problems.addAll(lockProblems);
                    boolean ruleProblems = result.problems().stream().anyMatch(Linter::isRule);
                    if (ruleProblems) {
                        // ${parameters} nothing defines and unknown dbms names are rules too: judged like the others
                        lint = Linter.withValidationFindings(lint, loaded, result.problems(), lintConfig.levels(), released);
                    }
                    if (ruleProblems || !problems.isEmpty() || !loaded.warnings().isEmpty()) {
                        // the reports were written before these were known: again, with them
                        List<Problem> reported = new ArrayList<>(loaded.warnings());
                        reported.addAll(problems);
                        try {
                            LintReports.write(lint, reported, meta, reports);
                        } catch (java.io.IOException e) {
                            throw new SchemaError("cannot write the reports under " + layout.display(reports) + ": " + e.getMessage(), e);
                        }
                    }
                    if (problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
                        logFindings(lint, hasLock); // the rules' view of the same changesets, before the errors
                        throw fail("schema:validate", null, problems);
                    }
                    problems.forEach(p -> log.warn(p.format()));
                    logFindings(lint, hasLock);
                    log.detail(() -> "risk rule reports in " + layout.display(reports) + ": validate.json, validate.sarif");
                    phases.done("log");
                    log.detail(() -> "schema:validate phases: " + phases);
                    if (lint.fails()) {
                        long errors = lint.findings().stream().filter(Finding::fails).count();
                        throw new SchemaFailure("schema:validate found " + errors + (errors == 1 ? " rule error" : " rule errors")
                                + " in new changesets (listed above); fix them, or allow one with a changeset comment"
                                + " schemacode:allow <rule-id> <reason>", List.of(), null);
                    }
                    log.summary(String.format(java.util.Locale.ROOT, "schema:validate %s: %d %s valid for %s%s%s (%.1f s)",
                            shown, result.checked(), result.checked() == 1 ? "changeset" : "changesets", settings.validationDialect(),
                            result.skippedByDbms() > 0 ? ", " + result.skippedByDbms() + " skipped by dbms filters" : "",
                            result.notValidated() > 0 ? ", " + result.notValidated() + " not validated (customChange class not compiled yet)" : "",
                            (System.nanoTime() - start) / 1e9)
                            + (lock != null && !hasLock ? "; no schema.lock yet: run mvn schema:lock and commit it, so an edited"
                                    + " released changeset fails here instead of on a database" : ""));
                    List<Problem> all = new ArrayList<>(loaded.warnings());
                    all.addAll(problems);
                    return new ValidateResult(shown, result.checked(), result.skippedByDbms(), all, lint);
                }
            });
        }
    }

    /**
     * Logs the shown findings grouped by file (errors at error level, warnings at warning level,
     * allowed ones at info with their reason), what the parser could not read at debug level, and
     * one line of counts.
     */
    /** Rule warnings listed per rule before the rest are counted in one line (errors are always all listed). */
    static final int WARNINGS_SHOWN_PER_RULE = 10;

    private void logFindings(LintReport lint, boolean hasLock) {
        java.util.Map<String, List<Finding>> byFile = new java.util.LinkedHashMap<>();
        for (Finding f : lint.findings()) {
            if (f.shown()) {
                byFile.computeIfAbsent(String.valueOf(f.location().path()), k -> new ArrayList<>()).add(f);
            }
        }
        // Errors and allows are all listed; warnings up to WARNINGS_SHOWN_PER_RULE per rule (all at -X),
        // so adopting the plugin on a large changelog does not bury the log under one rule's findings.
        java.util.Map<String, Integer> warningsPerRule = new java.util.LinkedHashMap<>();
        for (List<Finding> findings : byFile.values()) {
            for (Finding f : findings) {
                if (f.suppression() != null) {
                    log.summary(f.format());
                } else if (f.level() == RuleLevel.ERROR) {
                    log.error(f.format());
                } else if (warningsPerRule.merge(f.rule().id(), 1, Integer::sum) <= WARNINGS_SHOWN_PER_RULE || log.isDetailEnabled()) {
                    log.warn(f.format());
                }
            }
        }
        warningsPerRule.forEach((rule, count) -> {
            if (count > WARNINGS_SHOWN_PER_RULE && !log.isDetailEnabled()) {
                log.warn("[" + rule + "] " + (count - WARNINGS_SHOWN_PER_RULE) + " more warnings like the " + WARNINGS_SHOWN_PER_RULE
                        + " above: " + layout.display(layout.buildDir().resolve("schema").resolve("validate.json"))
                        + " (and validate.sarif) lists every finding, -X lists them here");
            }
        });
        for (LintReport.NotAnalysed n : lint.notAnalysed()) {
            log.detail(() -> n.location().format() + ": not analysed (the SQL parser cannot read it): " + n.statement() + " — " + n.reason());
        }
        long errors = lint.count(RuleLevel.ERROR);
        long warnings = lint.count(RuleLevel.WARN);
        if (errors + warnings + lint.suppressed() + lint.released() + lint.notAnalysed().size() == 0) {
            return; // nothing to count: the goal's summary line says it all
        }
        log.summary("risk rules for " + lint.target() + ": " + errors + (errors == 1 ? " error, " : " errors, ")
                + warnings + (warnings == 1 ? " warning, " : " warnings, ") + lint.suppressed() + " allowed"
                + (lint.released() > 0 ? ", " + lint.released() + (lint.released() == 1 ? " finding" : " findings")
                        + " in released changesets, not judged (listed in "
                        + layout.display(layout.buildDir().resolve("schema").resolve("validate.json")) + ")" : "")
                + (lint.notAnalysed().isEmpty() ? "" : ", " + lint.notAnalysed().size() + (lint.notAnalysed().size() == 1 ? " SQL statement" : " SQL statements")
                        + " not analysed (-X lists them)")
                + (hasLock || errors + warnings == 0 ? "" : "; without schema.lock every finding is a warning: record a baseline"
                        + " with mvn schema:lock so new changesets are judged"));
    }

    /** @return the lock file beside the master changelog's source, or {@code null} when the master is not a plain file */
    private static Path lockFile(LoadedChangelog loaded) {
        return lockFile(loaded.sources(), loaded.path());
    }

    /** @return the lock file beside the master changelog {@code path}'s source, or {@code null} when it is not a plain file */
    private static Path lockFile(SourceMap sources, String path) {
        Path master = sources.sourceFile(path);
        return master == null ? null : master.resolveSibling(ChecksumLock.FILE_NAME);
    }

    /** @return the identities recorded in the lock beside the master, or {@code null} without a lock */
    private java.util.Set<String> released(LoadedChangelog loaded) throws SchemaError {
        Path file = lockFile(loaded);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        // validate reports a broken lock; the self-test then tests rollback as without one
        ChecksumLock.Recorded recorded = readLock(file);
        return recorded == null ? null : recorded.entries().keySet();
    }

    /** @return the lock, or {@code null} when it cannot be read (the sequential check then reports why) */
    private static ChecksumLock.Recorded readLock(Path file) {
        try {
            return ChecksumLock.read(file);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The lock's problems; none when there is no lock yet. */
    private List<Problem> checkLock(LoadedChangelog loaded) throws SchemaError {
        Path file = lockFile(loaded);
        if (file == null) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            return List.of(); // the summary line carries the hint
        }
        try {
            return ChecksumLock.check(loaded, ChecksumLock.read(file),
                    layout.display(file));
        } catch (java.io.IOException e) {
            throw new SchemaError("cannot read " + layout.display(file) + ": " + e.getMessage(), e);
        } catch (ChecksumLock.Malformed e) {
            return List.of(Problem.error("lock-format", Location.of(layout.display(file), e.line()),
                    e.getMessage()));
        }
    }

    /**
     * {@code schema:lock}: writes {@code schema.lock} beside the master changelog: new changesets
     * appended, recorded ones kept unless {@code accept} names them (or is {@code ALL}). The file is
     * rewritten only when its content changes.
     *
     * @param accept identities ({@code path::id::author}) whose edit or removal is accepted, or {@code ALL}
     * @return the lock file
     * @throws SchemaFailure when the changelog is invalid, or a recorded changeset was edited or
     *     removed without being accepted (each is listed)
     */
    public Path lock(ChangelogSettings pomSettings, java.util.Set<String> accept) throws SchemaFailure, SchemaError {
        ChangelogSettings settings = settings(pomSettings);
        ChangelogLocator.Located located = ChangelogLocator.locate(layout, settings.changeLogFile(), List.of(), settings.changeLogSetting());
        header("schema:lock", "recording " + located.path() + " for " + settings.validationDialect());
        List<Path> searchPath = new ArrayList<>();
        if (located.extraRoot() != null) {
            searchPath.add(located.extraRoot());
        }
        searchPath.addAll(layout.sourceRoots());
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(searchPath, List.of(layout.outputDir()), log)) {
            return call(runtime, () -> {
                Database dialect = Databases.offline(settings.validationDialect(), runtime.resourceAccessor());
                Parsed parsed = parseAndValidate(runtime, located.path(), settings, dialect, true);
                LoadedChangelog loaded = parsed.loaded();
                List<Problem> invalid = parsed.validation().problems().stream()
                        .filter(p -> p.severity() == Severity.ERROR).toList();
                if (!invalid.isEmpty()) {
                    throw fail("schema:lock", null, invalid);
                }
                Path file = lockFile(loaded);
                if (file == null) {
                    throw new SchemaFailure(Problem.error("lock", Location.NONE, "the master changelog "
                            + located.path() + " is not a file of this project, so there is nowhere to put schema.lock"));
                }
                ChecksumLock.write(loaded, file, layout.display(file), accept, settings.validationDialect(), log);
                return file;
            });
        }
    }

    /**
     * {@code schema:selftest} on H2 or a scratch database (no binaries to resolve); see
     * {@link #selfTest(ChangelogSettings, SelfTestConfig, Engines.Context)}.
     */
    public SelfTestResult selfTest(ChangelogSettings pomSettings, SelfTestConfig config) throws SchemaFailure, SchemaError {
        return selfTest(pomSettings, config, null, null);
    }

    /**
     * {@code schema:selftest}: parses the changelog tree the application ships (the output
     * directory, then the runtime class path) for the self-test engine's dialect, validates it,
     * then runs the self-test cycle on the engine {@code config} names (started only after the
     * changelog proved valid, stopped afterwards whatever happens). Logs a summary line.
     *
     * @param artifacts resolves embedded engines' binaries and drivers; may be {@code null} for H2
     * @param engineCache where unpacked engine binaries are kept, or {@code null} for the default
     * @throws SchemaFailure when the changelog is invalid, the engine setting is wrong, or a
     *     changeset fails to apply or roll back
     * @throws SchemaError when files cannot be read or the database cannot be started or reached
     */
    public SelfTestResult selfTest(ChangelogSettings pomSettings, SelfTestConfig config, EngineArtifacts artifacts,
            Path engineCache) throws SchemaFailure, SchemaError {
        ChangelogSettings settings = settings(pomSettings);
        ChangelogLocator.Located located = ChangelogLocator.locate(layout, settings.changeLogFile(), List.of(layout.outputDir()), settings.changeLogSetting());
        String where = config.where();
        if (config.scratch() == null && config.engine() != EngineKind.H2) {
            // an unknown version fails before anything is said to run
            where = "an embedded " + (config.engine() == EngineKind.POSTGRESQL ? EngineCatalog.postgresql(config.engineVersion())
                    : EngineCatalog.mariadb(config.engineVersion())).displayName();
        }
        header("schema:selftest", "update, rollback (" + config.rollbackTest().name().toLowerCase(java.util.Locale.ROOT)
                + "), update of " + located.path() + " on " + where);
        warnIgnoredEngineSettings(config);
        try (LiquibaseRuntime runtime = openShipped(located)) {
            return call(runtime, () -> {
                if (settings.targetDatabase() != null) {
                    // read only for selftestEngine=target and hints, but a name Liquibase does not know fails as at validate
                    // (checked here, where the project's own dialects are on the class path)
                    Databases.requireKnown(settings.targetDatabase());
                }
                Engines.Context context = new Engines.Context(layout.buildDir(), engineCache, artifacts, runtime.classLoader(), log);
                ScratchDatabase scratch = config.scratch() != null ? Engines.open(config, context) : null;
                try {
                    String dialectName = scratch != null ? scratch.dialect() : config.engine().dialect();
                    Database dialect = Databases.offline(dialectName, runtime.resourceAccessor());
                    Parsed parsed;
                    try {
                        parsed = parseAndValidate(runtime, located.path(), settings, dialect, false);
                    } catch (SchemaFailure e) {
                        throw fail("schema:selftest", e, e.problems());
                    }
                    LoadedChangelog loaded = parsed.loaded();
                    loaded.warnIfStale(log, layout.display(layout.outputDir()), "the self-test");
                    ChangelogValidator.Result validation = parsed.validation();
                    if (validation.problems().stream().anyMatch(p -> p.severity() == Severity.ERROR)) {
                        throw fail("schema:selftest", null, validation.problems());
                    }
                    if (scratch == null) {
                        scratch = Engines.open(config, context);
                    }
                    SelfTestResult result;
                    try {
                        result = SelfTest.run(loaded, settings, config, log, scratch, released(loaded));
                    } catch (SchemaFailure e) {
                        throw fail("schema:selftest", e, e.problems());
                    }
                    log.summary("schema:selftest " + loaded.sources().display(loaded.path()) + ": " + result.summary());
                    warnNotSelfTested(loaded, scratch, config);
                    return result;
                } finally {
                    if (scratch != null) {
                        scratch.close();
                    }
                }
            });
        }
    }

    /** One warning per engine setting that the chosen engine ignores, so no setting is dropped silently. */
    private void warnIgnoredEngineSettings(SelfTestConfig config) {
        if (config.scratch() != null && config.engine() != EngineKind.H2) {
            log.warn("selftestUrl is set, so the self-test runs on that database; selftestEngine=" + config.engine().dialect() + " is ignored");
        }
        if (config.h2Mode() != null && (config.scratch() != null || config.engine() != EngineKind.H2)) {
            log.warn("h2Mode applies to the H2 self-test only; it is ignored on " + config.engineName());
        }
        if (config.engineVersion() != null && (config.scratch() != null || config.engine() == EngineKind.H2)) {
            log.warn("selftestEngineVersion applies to selftestEngine=postgresql or mariadb; it is ignored on " + config.engineName());
        }
    }

    /**
     * Changesets the self-test's engine never ran because their {@code dbms} excludes it: one
     * warning naming the engines they are written for and the switch that tests them there.
     */
    private void warnNotSelfTested(LoadedChangelog loaded, ScratchDatabase scratch, SelfTestConfig config) {
        List<liquibase.changelog.ChangeSet> skipped = loaded.changeLog().getSkippedChangeSets();
        if (skipped.isEmpty()) {
            return;
        }
        java.util.Set<EngineKind> engines = new java.util.LinkedHashSet<>();
        for (liquibase.changelog.ChangeSet cs : skipped) {
            if (cs.getDbmsSet() != null) {
                cs.getDbmsSet().stream().map(EngineKind::byName)
                        .filter(k -> k != null && !k.dialect().equals(scratch.dialect())).forEach(engines::add);
            }
        }
        String names = engines.stream().map(EngineKind::displayName).collect(java.util.stream.Collectors.joining(", "));
        boolean one = skipped.size() == 1;
        String switches = engines.stream().map(k -> "-Dschema.selftestEngine=" + k.dialect()).collect(java.util.stream.Collectors.joining(" or "));
        log.warn(skipped.size() + (one ? " changeset is" : " changesets are") + " limited by dbms to other databases"
                + (names.isEmpty() ? "" : " (" + names + ")") + " and " + (one ? "was" : "were")
                + " not self-tested on " + scratch.displayName()
                + (engines.isEmpty() || config.scratch() != null ? "" : "; self-test " + (one ? "it" : "them") + " on "
                        + (engines.size() == 1 ? "its engine" : "their engines") + " with " + switches));
    }

    /** @return this plugin's version, from its build; {@code unknown} when run from unpacked sources. */
    public static String version() {
        try (java.io.InputStream in = Schemacode.class.getResourceAsStream("/dev/schemacode/schemacode.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private void header(String goal, String what) {
        log.summary("Schemacode " + version() + " (Liquibase " + dev.schemacode.core.liquibase.LiquibaseVersion.display() + ") "
                + goal + ": " + what);
    }

    /**
     * {@code schema:deploy}: deploys the changelog the application ships (the output directory,
     * then the runtime class path) to a target, as {@link Deployer} does.
     *
     * @throws SchemaFailure for an invalid changelog, a mismatched target history, a held lock or a
     *     failing changeset (nothing after it is applied)
     * @throws SchemaError when the target cannot be reached or files cannot be read
     */
    public DeployResult deploy(ChangelogSettings pomSettings, Target pomTarget,
            DeployConfig config) throws SchemaFailure, SchemaError {
        ChangelogSettings settings = settings(pomSettings);
        Target target = target(pomTarget);
        ChangelogLocator.Located located = ChangelogLocator.locate(layout, settings.changeLogFile(), List.of(layout.outputDir()),
                settings.changeLogSetting());
        header(config.goal(), (config.dryRun() ? "dry run of " : "deploying ") + located.path() + " to " + target.maskedUrl());
        try (LiquibaseRuntime runtime = openShipped(located)) {
            return call(runtime, () -> Deployer.deploy(runtime, layout, located.path(), settings,
                    target, config, log));
        }
    }

    /** Work on a target through {@link TargetTasks}. */
    public interface TargetWork<T> {
        T run(TargetTasks tasks) throws SchemaFailure, SchemaError;
    }

    /**
     * {@code schema:status}, {@code history}, {@code rollback}, {@code baseline} and
     * {@code unlock}: loads the changelog the application ships, then runs {@code work} on the
     * target (see {@link TargetTasks} for each).
     *
     * @param goal the goal's name for the header line, e.g. {@code schema:status}
     */
    public <T> T onTarget(String goal, ChangelogSettings pomSettings, Target pomTarget,
            DeployConfig config, TargetWork<T> work) throws SchemaFailure, SchemaError {
        ChangelogSettings settings = settings(pomSettings);
        Target target = target(pomTarget);
        ChangelogLocator.Located located = ChangelogLocator.locate(layout, settings.changeLogFile(), List.of(layout.outputDir()),
                settings.changeLogSetting());
        header(goal, located.path() + " on " + target.maskedUrl());
        try (LiquibaseRuntime runtime = openShipped(located)) {
            return call(runtime, () -> work.run(new TargetTasks(runtime, layout, located.path(),
                    settings, target, config, log)));
        }
    }

    /**
     * A runtime over what the application ships: the output directory, then the runtime class
     * path; the source resource directories only when the output directory lacks the changelog
     * (the build has not run process-resources), with a warning.
     */
    private LiquibaseRuntime openShipped(ChangelogLocator.Located located) throws SchemaError {
        List<Path> searchPath = new ArrayList<>();
        if (located.extraRoot() != null) {
            searchPath.add(located.extraRoot());
        }
        searchPath.addAll(layout.searchPath());
        searchPath.add(layout.outputDir());
        searchPath.addAll(layout.runtimeClasspath());
        if (located.extraRoot() == null && !Files.isRegularFile(layout.outputDir().resolve(located.path()))
                && layout.resourceDirs().stream().anyMatch(d -> Files.isRegularFile(d.resolve(located.path())))) {
            log.warn(layout.display(layout.outputDir()) + " has no " + located.path()
                    + "; reading the source resource directories instead (run the build through process-resources, e.g. mvn verify, so resource filtering applies)");
            searchPath.addAll(layout.resourceDirs());
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(layout.outputDir());
        classpath.addAll(layout.runtimeClasspath());
        return LiquibaseRuntime.open(searchPath, classpath, log);
    }

    /**
     * Fills the history and lock tables' names and schema from Spring Boot's
     * {@code spring.liquibase.database-change-log-table}, {@code database-change-log-lock-table}
     * and {@code liquibase-schema} where the POM left Liquibase's defaults, so the plugin and the
     * application read and write the same history.
     */
    private Target target(Target pom) throws SchemaError {
        if (!readSpringBoot) {
            return pom;
        }
        SpringBootConfig spring = SpringBootConfig.read(layout);
        String table = springValue(spring, "databasechangelogtable", pom.changeLogTable(), "DATABASECHANGELOG", "databaseChangeLogTableName");
        String lock = springValue(spring, "databasechangeloglocktable", pom.lockTable(), "DATABASECHANGELOGLOCK", "databaseChangeLogLockTableName");
        String schema = springValue(spring, "liquibaseschema", pom.liquibaseSchema(), null, "liquibaseSchemaName");
        return new Target(pom.url(), pom.username(), pom.password(), pom.driverProperties(),
                pom.connectTimeout(), table, lock, schema);
    }

    private String springValue(SpringBootConfig spring, String key, String current, String liquibaseDefault, String parameter) {
        SpringBootConfig.Setting setting = spring.get(key);
        boolean unset = current == null || current.equals(liquibaseDefault);
        if (setting != null && setting.value() != null && unset) {
            log.detail(parameter + " = " + setting.value() + " (from " + setting.origin() + ")");
            return setting.value();
        }
        return current;
    }

    private ChangelogSettings settings(ChangelogSettings pom) throws SchemaFailure, SchemaError {
        SpringBootConfig spring = readSpringBoot ? SpringBootConfig.read(layout) : SpringBootConfig.empty();
        return SettingsResolver.resolve(pom, spring, log);
    }

    /**
     * Logs each problem on its own line (when there are several) and builds the failure whose
     * message is the build's one-line verdict.
     */
    private SchemaFailure fail(String goal, Throwable cause, List<Problem> problems) {
        long errors = problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
        if (problems.size() == 1) {
            return new SchemaFailure(problems.get(0).format(), problems, cause);
        }
        for (Problem p : problems) {
            if (p.severity() == Severity.ERROR) {
                log.error(p.format());
            } else {
                log.warn(p.format());
            }
        }
        return new SchemaFailure(goal + " found " + errors + (errors == 1 ? " error" : " errors")
                + " (listed above)", problems, cause);
    }

    private static List<Path> jarsOnly(List<Path> classpath) {
        return classpath.stream().filter(Files::isRegularFile).toList();
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> T call(LiquibaseRuntime runtime, Work<T> work) throws SchemaFailure, SchemaError {
        try {
            return runtime.call(work::run);
        } catch (SchemaFailure | SchemaError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SchemaError("unexpected error: " + e, e);
        } catch (Exception e) {
            throw new SchemaError(e.getMessage(), e);
        }
    }

    /** Waits for a task of {@link #validate}, rethrowing what it threw. */
    private static <T> T join(java.util.concurrent.Future<T> task) throws Exception {
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw new SchemaError("cannot write the reports: " + io.getMessage(), io);
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Writes the reports of a validate that stopped before the risk rules ran (the changelog could
     * not be parsed): no findings, the problems that stopped it. A failure to write is only logged:
     * the problems themselves are what the build reports.
     */
    private void writeProblemReports(List<Problem> problems, boolean hasLock, String dialect, java.util.Map<String, RuleLevel> levels,
            String changelog, Path reports) {
        LintReport none = new LintReport(List.of(), List.of(), hasLock, dialect, levels);
        try {
            LintReports.write(none, problems, new LintReports.Meta(version(), dev.schemacode.core.liquibase.LiquibaseVersion.display(), changelog,
                    layout.projectDir()), reports);
        } catch (java.io.IOException e) {
            log.detail(() -> "cannot write the reports under " + layout.display(reports) + ": " + e.getMessage());
        }
    }

    /** A parsed changelog tree and Liquibase's validation of it. */
    private record Parsed(LoadedChangelog loaded, ChangelogValidator.Result validation) { }

    /**
     * Parses the changelog tree and validates it, the validation running beside the parse (see
     * {@link StreamingValidation}; the database must be offline).
     *
     * @throws SchemaFailure when the tree cannot be parsed (validation problems are in the result)
     */
    private Parsed parseAndValidate(LiquibaseRuntime runtime, String path, ChangelogSettings settings, Database offline,
            boolean standInMissingCustomChanges) throws SchemaFailure, InterruptedException {
        try (StreamingValidation validation = new StreamingValidation(runtime, offline)) {
            LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, path, settings, offline, standInMissingCustomChanges, validation);
            ChangelogValidator.Result result = validation.finish(loaded, done -> { });
            Path lock = lockFile(loaded);
            ChecksumLock.Recorded recorded = lock == null || !Files.isRegularFile(lock) ? null : readLock(lock);
            if (recorded != null) {
                // a reused released id: say which definition is the released one, as validate does
                result = new ChangelogValidator.Result(ChecksumLock.explainDuplicates(result.problems(),
                        ChecksumLock.duplicateDefinitions(loaded, recorded)), result.checked(), result.skippedByDbms(), result.notValidated(),
                        result.releasedUnchanged());
            }
            return new Parsed(loaded, result);
        }
    }

    /** A daemon thread pool for one goal execution. */
    private record Workers(java.util.concurrent.ExecutorService pool) implements AutoCloseable {
        Workers(int threads) {
            this(java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "schemacode-validate");
                t.setDaemon(true);
                return t;
            }));
        }

        /** Interrupts running tasks and waits for them (up to a minute), so none outlives the goal. */
        @Override
        public void close() throws InterruptedException {
            pool.shutdownNow();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
    }

    /** Wall time per phase of a goal, for the {@code -X} log: {@code setup 0.41 s, parse 0.90 s, …}. */
    private static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last;

        Phases(long start) {
            this.last = start;
            done("setup");
        }

        void done(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%s %.2f s", phase, (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
