package dev.schemacode.core.validate;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.database.Database;
import liquibase.exception.SetupException;

/**
 * Liquibase's own changelog validation (missing or invalid attributes, changes that the dialect
 * does not allow, bad {@code dbms} names, empty ids, duplicate identifiers), run change set by
 * change set so each problem carries its file, line and changeset. Touches no database: the
 * {@link Database} may be offline. Every changeset is checked whatever its context or label, so a
 * broken test-data changeset is caught too; {@code dbms} filters apply, evaluated for the given
 * dialect. Must be called inside {@code LiquibaseRuntime#call}.
 */
public final class ChangelogValidator {

    /**
     * The outcome.
     *
     * @param problems errors and warnings, in changelog order
     * @param checked changesets validated
     * @param skippedByDbms changesets whose {@code dbms} filter excludes the dialect
     * @param notValidated changesets not validated because a {@code customChange} class in them
     *     was replaced by a stand-in
     * @param releasedUnchanged of the {@code checked} changesets, those whose Liquibase validation
     *     was skipped because they are released and unchanged (see the constructor)
     */
    public record Result(List<Problem> problems, int checked, int skippedByDbms, int notValidated, int releasedUnchanged) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private final SourceMap sources;
    private final Database database;
    private final java.util.Set<String> standIns;
    private final Checker checker;
    private final DbmsChangeSetFilter dbms;
    private final Map<ChangeSet, List<Problem>> found = new java.util.IdentityHashMap<>();
    private final List<Admission> admissions = new ArrayList<>();
    private final Map<String, Location> firstSeen = new HashMap<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final Map<String, Boolean> dollarFiles = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.Predicate<ChangeSet> releasedUnchanged;
    private final java.util.concurrent.atomic.AtomicInteger skippedAsReleased = new java.util.concurrent.atomic.AtomicInteger();
    private int checked;
    private int skipped;
    private int notValidated;

    /**
     * A validation that takes changesets one at a time ({@link #visit}, or {@link #admit} then a
     * {@link Checker}) and is completed by {@link #finish}. {@code visit}, {@code admit} and
     * {@code finish} are for one thread at a time, inside {@code LiquibaseRuntime#call}; checkers
     * may run on other threads.
     *
     * @param sources maps changesets to files and lines
     * @param database the dialect validated for (may be offline)
     * @param standIns {@code customChange} classes replaced by stand-ins: their changesets are not validated
     */
    public ChangelogValidator(SourceMap sources, Database database, java.util.Set<String> standIns) {
        this(sources, database, standIns, changeSet -> false);
    }

    /**
     * Like {@link #ChangelogValidator(SourceMap, Database, java.util.Set)}, skipping Liquibase's
     * own validation of released changesets that are unchanged, as Liquibase skips it for
     * changesets a database has run: the test is asked just before that validation would start
     * (on the checker's thread, so it may checksum the changeset), and the rest of the checks
     * (duplicates, {@code dbms}, {@code ${...}} parameters, the formatted SQL header) still run.
     *
     * @param releasedUnchanged whether a changeset is recorded in {@code schema.lock} with exactly
     *     its current checksum; called from any checker's thread, so it must be thread-safe
     */
    public ChangelogValidator(SourceMap sources, Database database, java.util.Set<String> standIns,
            java.util.function.Predicate<ChangeSet> releasedUnchanged) {
        this.releasedUnchanged = releasedUnchanged;
        this.sources = sources;
        this.database = database;
        this.standIns = java.util.Set.copyOf(standIns);
        this.dbms = new DbmsChangeSetFilter(database);
        this.checker = new Checker(database);
    }

    /** Validates every changeset of the tree against the database's dialect. */
    public static Result validate(LoadedChangelog loaded, Database database) {
        return validate(loaded, database, done -> { });
    }

    /**
     * Like {@link #validate(LoadedChangelog, Database)}, reporting progress: {@code progress}
     * receives {@code k} once the first {@code k} changesets of {@link LoadedChangelog#changeSets()}
     * are validated and no longer touched (validating a changeset changes its own state for a
     * while, e.g. its SQL visitors, so readers of a changeset wait for this).
     */
    public static Result validate(LoadedChangelog loaded, Database database, java.util.function.IntConsumer progress) {
        return new ChangelogValidator(loaded.sources(), database, loaded.standIns()).finish(loaded, progress);
    }

    /**
     * Validates one changeset, which must be final (Liquibase has finished building it). Changesets
     * are visited in the order they reach the master changelog; a second changeset with the same
     * identity is reported as a duplicate and not validated.
     *
     * @return false when it is such a duplicate
     */
    public boolean visit(ChangeSet changeSet) {
        Admission admission = admit(changeSet);
        if (admission.toCheck()) {
            checker.check(admission);
        }
        return !admission.duplicate();
    }

    /**
     * What {@link #admit} decided about a changeset.
     *
     * @param problems the changeset's problems: a checker adds to it
     * @param duplicate its identity was seen before: reported, not validated
     * @param toCheck Liquibase's validation is still to run on it ({@link Checker#check})
     * @param warnings Liquibase's warnings about it, reported by {@link #finish} unless an earlier
     *     changeset had the same text
     */
    public record Admission(ChangeSet changeSet, Location where, List<Problem> problems, boolean duplicate, boolean toCheck,
            List<Warning> warnings) {
        Admission(ChangeSet changeSet, Location where, List<Problem> problems, boolean duplicate, boolean toCheck) {
            this(changeSet, where, problems, duplicate, toCheck, new ArrayList<>());
        }
    }

    /** A warning of Liquibase's validation; Liquibase reports each text once per run (see {@link #finish}). */
    private record Warning(String text, Problem problem) { }

    /**
     * The part of {@link #visit} that depends on the order of changesets, which is cheap: the
     * duplicate check, the {@code dbms} filter and stand-ins. Changesets must be admitted in the
     * order they reach the master changelog, one thread at a time; the rest of their validation
     * ({@link Checker#check}) may then run on any thread, in any order.
     */
    public Admission admit(ChangeSet changeSet) {
        List<Problem> problems = new ArrayList<>();
        found.put(changeSet, problems);
        Admission admission = admit(changeSet, problems);
        admissions.add(admission);
        return admission;
    }

    private Admission admit(ChangeSet changeSet, List<Problem> problems) {
        String key = changeSet.toString(false);
        int occurrence = occurrences.merge(SourceMap.physicalPath(changeSet) + "::" + changeSet.getId() + "::" + changeSet.getAuthor(), 1, Integer::sum) - 1;
        Location where = sources.locate(changeSet, occurrence);
        Location earlier = firstSeen.putIfAbsent(key, where);
        if (earlier != null) {
            if (where.line() == 0 && earlier.line() > 0 && where.path().equals(earlier.path())) {
                // The file holds it once: the same file is included twice.
                problems.add(Problem.error("duplicate-changeset", new Location(where.path(), 0, null),
                        "changeset " + where.changeset() + " is run twice because " + where.path()
                                + " is included twice; remove one of the includes"));
            } else {
                problems.add(Problem.error("duplicate-changeset", where, "changeset " + where.changeset()
                        + " is defined twice (first at " + earlier.format() + "); give one of them another id"));
            }
            return new Admission(changeSet, where, problems, true, false);
        }
        if (!dbms.accepts(changeSet).isAccepted()) {
            skipped++;
            return new Admission(changeSet, where, problems, false, false);
        }
        if (usesStandIn(changeSet)) {
            notValidated++;
            return new Admission(changeSet, where, problems, false, false);
        }
        checked++;
        return new Admission(changeSet, where, problems, false, true);
    }

    /**
     * Runs the order-free part of the validation of admitted changesets: the formatted SQL header,
     * {@code ${...}} parameters and Liquibase's {@code ValidatingVisitor}. One checker per thread;
     * each changeset is checked once, by one of them.
     */
    public final class Checker {
        private final ValidatingVisitor visitor = new ValidatingVisitor(List.of());
        private final Database database;
        private int seenErrors;
        private int seenSetup;
        private int seenChangeErrors;
        private int seenWarnings;

        private Checker(Database database) {
            this.database = database;
            // binds the visitor to the database; the changelog's own preconditions are checked by finish()
            visitor.validate(database, new liquibase.changelog.DatabaseChangeLog());
        }

        /** Adds the changeset's problems to {@code admission.problems()}. */
        public void check(Admission admission) {
            ChangeSet changeSet = admission.changeSet();
            Location where = admission.where();
            List<Problem> problems = admission.problems();
            checkFormattedSqlHeader(changeSet, sources, where, problems);
            // Serialising every change is costly: only files that mention ${ can leave one unresolved.
            String physical = SourceMap.physicalPath(changeSet);
            boolean mayHoldParameters = physical == null || changeSet.getChanges().stream().anyMatch(c -> c instanceof liquibase.change.core.SQLFileChange)
                    || dollarFiles.computeIfAbsent(physical, f -> sources.lineContaining(f, "${") > 0);
            if (mayHoldParameters) {
                checkParameters(changeSet, where, problems);
            }
            if (releasedUnchanged.test(changeSet)) {
                skippedAsReleased.incrementAndGet();
                return;
            }
            try {
                visitor.visit(changeSet, changeSet.getChangeLog(), database, java.util.Set.of());
            } catch (Exception e) {
                problems.add(Problem.error("validation", where, describe(changeSet, e.getMessage())));
            }
            List<String> errors = visitor.getValidationErrors().getErrorMessages();
            for (int i = seenErrors; i < errors.size(); i++) {
                problems.add(Problem.error("validation", where, describe(changeSet, errors.get(i))));
            }
            seenErrors = errors.size();
            List<SetupException> setup = visitor.getSetupExceptions();
            for (int i = seenSetup; i < setup.size(); i++) {
                problems.add(Problem.error("validation", where, describe(changeSet, setup.get(i).getMessage())));
            }
            seenSetup = setup.size();
            List<Throwable> changeErrors = visitor.getChangeValidationExceptions();
            for (int i = seenChangeErrors; i < changeErrors.size(); i++) {
                problems.add(Problem.error("validation", where, describe(changeSet, changeErrors.get(i).getMessage())));
            }
            seenChangeErrors = changeErrors.size();
            List<String> warnings = visitor.getWarnings().getMessages();
            for (int i = seenWarnings; i < warnings.size(); i++) {
                admission.warnings().add(new Warning(warnings.get(i), Problem.warning("validation", where, describe(changeSet, warnings.get(i)))));
            }
            seenWarnings = warnings.size();
        }
    }

    /**
     * A checker for another thread, validating against {@code database}: a second instance of the
     * same dialect, as Liquibase's database objects are not made to be shared between threads.
     */
    public Checker checker(Database database) {
        return new Checker(database);
    }

    /**
     * Completes the validation of the whole tree: visits the changesets not visited yet (in
     * changelog order, reporting progress as {@link #validate(LoadedChangelog, Database,
     * java.util.function.IntConsumer)} does), checks the master changelog's preconditions and every
     * {@code dbms} name, and returns the problems in changelog order.
     */
    public Result finish(LoadedChangelog loaded, java.util.function.IntConsumer progress) {
        List<Problem> problems = new ArrayList<>();
        ValidatingVisitor preconditions = new ValidatingVisitor(List.of());
        preconditions.validate(database, loaded.changeLog());
        for (String message : preconditions.getValidationErrors().getErrorMessages()) {
            problems.add(Problem.error("validation", Location.of(sources.display(loaded.path()), 0), message));
        }
        int index = 0;
        for (ChangeSet changeSet : loaded.changeSets()) {
            progress.accept(index++);
            if (!found.containsKey(changeSet)) {
                visit(changeSet);
            }
        }
        progress.accept(index);
        // Liquibase's visitor keeps each warning text once per run: the first changeset (in the order they
        // were admitted) that has it reports it, whichever checker found it.
        java.util.Set<String> warned = new java.util.HashSet<>();
        for (Admission admission : admissions) {
            for (Warning warning : admission.warnings()) {
                if (warned.add(warning.text())) {
                    admission.problems().add(warning.problem());
                }
            }
        }
        for (ChangeSet changeSet : loaded.changeSets()) {
            problems.addAll(found.get(changeSet));
        }
        checkDbmsNames(loaded, problems);
        return new Result(merge(problems, database.getShortName()), checked, skipped + loaded.droppedByDbms(), notValidated,
                skippedAsReleased.get());
    }

    /**
     * One line per distinct problem of a changeset: a changeset with 75 foreign keys that the
     * dialect rejects gets one line saying "(75 times)", not 75 lines. Dialect rejections name
     * the {@code targetDatabase} switch.
     */
    private static List<Problem> merge(List<Problem> problems, String dialect) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        Map<String, Problem> first = new HashMap<>();
        for (Problem p : problems) {
            String key = p.severity() + "|" + p.location().format() + "|" + p.message();
            counts.merge(key, 1, Integer::sum);
            first.putIfAbsent(key, p);
        }
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Problem p = first.get(e.getKey());
            String message = p.message();
            if (e.getValue() > 1) {
                message += " (" + e.getValue() + " times)";
            }
            if (message.contains(" is not allowed on " + dialect)) {
                message += "; if " + dialect + " is not your production database, set <targetDatabase> (-Dschema.targetDatabase) to it";
            }
            out.add(new Problem(p.severity(), p.code(), p.location(), message));
        }
        return out;
    }

    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("\\$\\{([^}\\s]+)}");
    private static final java.util.regex.Pattern SQL_CHANGESET_LINE = java.util.regex.Pattern.compile(
            "(?m)^\\s*--\\s*changeset\\s+\\S+:\\S+");

    /**
     * A {@code ${name}} left in a change after parsing is a parameter nothing defines: Liquibase
     * would send it to the database literally.
     */
    private static void checkParameters(ChangeSet changeSet, Location where, List<Problem> problems) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        liquibase.serializer.core.string.StringChangeLogSerializer serializer =
                new liquibase.serializer.core.string.StringChangeLogSerializer();
        for (liquibase.change.Change change : changeSet.getChanges()) {
            String text;
            try {
                text = serializer.serialize(change, false);
            } catch (RuntimeException e) {
                continue;
            }
            java.util.regex.Matcher m = PARAMETER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (String name : names) {
            problems.add(Problem.error("unresolved-parameter", where, "changeset " + where.changeset() + ": ${" + name
                    + "} is not defined for this database: define it with <changeLogParameters>, a <property> in the"
                    + " changelog or spring.liquibase.parameters.*"));
        }
    }

    /**
     * A {@code .sql} file without the {@code --liquibase formatted sql} first line is run as one raw
     * changeset: its {@code --changeset}, context and rollback lines are silently ignored.
     */
    private static void checkFormattedSqlHeader(ChangeSet changeSet, SourceMap sources, Location where, List<Problem> problems) {
        if (!"raw".equals(changeSet.getId()) || !"includeAll".equals(changeSet.getAuthor())) {
            return;
        }
        String physical = SourceMap.physicalPath(changeSet);
        if (physical == null || !physical.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
            return;
        }
        int line = sources.lineMatching(physical, SQL_CHANGESET_LINE);
        if (line > 0) {
            problems.add(Problem.error("sql-header", Location.of(where.path(), 1),
                    "this file has --changeset lines (the first at line " + line + ") but does not start with"
                            + " '--liquibase formatted sql', so Liquibase runs the whole file as one raw changeset and"
                            + " ignores its changesets, contexts and rollbacks; add that line at the top"));
        }
    }

    /**
     * Every {@code dbms} name must be one Liquibase knows, also on changesets filtered out for the
     * current dialect: a misspelt name ({@code postgres}) silently turns a changeset off.
     */
    private static void checkDbmsNames(LoadedChangelog loaded, List<Problem> problems) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (Database db : liquibase.database.DatabaseFactory.getInstance().getImplementedDatabases()) {
            known.add(db.getShortName());
        }
        known.add("all");
        known.add("none");
        List<ChangeSet> all = new ArrayList<>(loaded.changeSets());
        all.addAll(loaded.changeLog().getSkippedChangeSets());
        for (ChangeSet changeSet : all) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            if (changeSet.getDbmsSet() != null) {
                names.addAll(changeSet.getDbmsSet());
            }
            for (liquibase.change.Change change : changeSet.getChanges()) {
                if (change instanceof liquibase.change.AbstractSQLChange sql && sql.getDbms() != null) {
                    names.addAll(java.util.Arrays.asList(sql.getDbms().split("\\s*,\\s*")));
                }
            }
            for (String name : names) {
                String bare = name.trim().toLowerCase(java.util.Locale.ROOT);
                bare = bare.startsWith("!") ? bare.substring(1) : bare;
                if (!bare.isEmpty() && !known.contains(bare)) {
                    Location where = loaded.sources().locate(changeSet);
                    problems.add(Problem.error("unknown-dbms", where, "changeset " + where.changeset() + ": dbms '" + name.trim()
                            + "' is not a database Liquibase knows, so the filter never matches; use one of "
                            + String.join(", ", known)));
                }
            }
        }
    }

    private boolean usesStandIn(ChangeSet changeSet) {
        if (standIns.isEmpty()) {
            return false;
        }
        for (liquibase.change.Change change : changeSet.getChanges()) {
            if (change instanceof liquibase.change.custom.CustomChangeWrapper custom && standIns.contains(custom.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /** Prefixes the changeset identity and drops the ", path::id::author" suffix Liquibase appends. */
    private static String describe(ChangeSet changeSet, String message) {
        String text = message == null ? "invalid" : message;
        String suffix = ", " + changeSet.toString();
        if (text.endsWith(suffix)) {
            text = text.substring(0, text.length() - suffix.length());
        }
        return "changeset " + SourceMap.identity(changeSet) + ": " + text;
    }
}
