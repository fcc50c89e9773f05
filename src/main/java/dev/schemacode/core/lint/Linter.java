package dev.schemacode.core.lint;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.core.problem.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * Runs the risk rules ({@link Rules}) over a parsed changelog, without any database.
 *
 * <p>Levels: each rule's default, overridden per rule by the POM. Suppression: a changeset
 * comment {@code schemacode:allow <rule-id> <reason>} (XML {@code <comment>}, YAML
 * {@code comment:}, formatted SQL {@code --comment:}) turns that rule's findings in that changeset
 * into allowed ones, shown with the reason; a suppression without a reason is itself a finding.
 * Judging: changesets recorded in schema.lock are released history, their findings go to the
 * reports only; without a lock, every finding is at most a warning.
 */
public final class Linter {

    private static final Pattern ALLOW = Pattern.compile("schemacode:allow\\s+([A-Za-z0-9-]+)\\s*(.*?)(?=schemacode:allow|$)", Pattern.DOTALL);

    /** The rule that reports unusable suppressions. */
    static final Rule SUPPRESSION = new Rule("suppression", RuleLevel.ERROR, "a schemacode:allow comment must name a known rule, give a"
            + " reason and allow something its changeset does, or it hides nothing now and may hide a later change",
            "write schemacode:allow <rule-id> <why it is safe here>, only in the changeset that triggers the rule", "", Set.of(),
            (cs, t, r) -> { });

    private Linter() {
    }

    /**
     * @param loaded the changelog, parsed for the target dialect
     * @param target the target's offline Liquibase database
     * @param selfTestDialect the dialect the self-test runs on ({@code h2} by default)
     * @param levels per-rule levels from the POM (rule id to level); unknown ids are rejected by the caller
     * @param released identities recorded in schema.lock, or {@code null} without a lock
     * @return every finding and what could not be analysed
     */
    public static LintReport lint(LoadedChangelog loaded, Database target, String selfTestDialect, Map<String, RuleLevel> levels,
            Set<String> released) {
        EngineKind kind = EngineKind.byName(target.getShortName());
        LintTarget lintTarget = new LintTarget(target.getShortName(), kind == EngineKind.H2 ? null : kind, target, selfTestDialect);
        List<Rule> active = new ArrayList<>();
        List<RuleLevel> judged = new ArrayList<>(); // the level of each active rule's findings
        for (Rule rule : Rules.all()) {
            RuleLevel level = levels.getOrDefault(rule.id(), rule.level());
            if (level != RuleLevel.OFF && rule.appliesTo(lintTarget.kind())) {
                active.add(rule);
                judged.add(judge(level, released));
            }
        }
        // tables created by changesets not yet in the lock, so far: one set for the whole run (copying it
        // per changeset would make linting quadratic in a release's size)
        Set<String> fresh = new HashSet<>();
        Set<String> messages = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        List<LintReport.NotAnalysed> notAnalysed = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (ChangeSet changeSet : loaded.changeSets()) {
            String identity = SourceMap.identity(changeSet);
            boolean isReleased = released != null && released.contains(identity);
            // the n-th definition of an identity in its file (a duplicate has its own line)
            int occurrence = occurrences.merge(SourceMap.physicalPath(changeSet) + "::" + changeSet.getId() + "::"
                    + changeSet.getAuthor(), 1, Integer::sum) - 1;
            Location location = loaded.sources().locate(changeSet, occurrence);
            Operations.Result ops = Operations.of(changeSet);
            Set<String> createdHere = Set.of();
            for (Op op : ops.ops()) {
                if (op.kind == Op.Kind.CREATE_TABLE && op.table != null) {
                    if (createdHere.isEmpty()) {
                        createdHere = new HashSet<>();
                    }
                    createdHere.add(op.table.toLowerCase(Locale.ROOT));
                    if (released != null && !isReleased) {
                        fresh.add(op.table.toLowerCase(Locale.ROOT)); // created by this release: empty when deployed
                    }
                }
            }
            ops.notAnalysed().forEach(n -> notAnalysed.add(new LintReport.NotAnalysed(location, n.statement(), n.reason())));
            ChangesetFacts facts = new ChangesetFacts(changeSet, location, ops.ops(), createdHere, fresh);
            Map<String, String> allowed = new HashMap<>();
            List<String> badSuppressions = new ArrayList<>();
            suppressions(changeSet.getComments(), allowed, badSuppressions);
            for (String bad : badSuppressions) {
                // Schemacode's own syntax, written for Schemacode: an error even without a lock
                findings.add(new Finding(SUPPRESSION, RuleLevel.ERROR, location, bad, isReleased, null));
            }
            Set<String> fired = new HashSet<>();
            for (int i = 0; i < active.size(); i++) {
                Rule rule = active.get(i);
                messages.clear();
                rule.check().check(facts, lintTarget, messages::add);
                for (String message : messages) {
                    findings.add(new Finding(rule, judged.get(i), location, message, isReleased, allowed.get(rule.id())));
                    fired.add(rule.id());
                }
            }
            for (String id : allowed.keySet()) {
                if (!fired.contains(id) && active.stream().anyMatch(r -> r.id().equals(id))) {
                    findings.add(new Finding(SUPPRESSION, RuleLevel.WARN, location, "allows " + id + ", which finds nothing in this"
                            + " changeset; remove the schemacode:allow so it cannot hide a later change", isReleased, null));
                }
            }
        }
        Rule unused = Rules.byId(Rules.UNUSED_FILE);
        RuleLevel unusedLevel = levels.getOrDefault(unused.id(), unused.level());
        if (unusedLevel != RuleLevel.OFF) {
            for (String file : UnusedFiles.find(loaded)) {
                String shown = loaded.sources().displayFile(java.nio.file.Path.of(file));
                findings.add(new Finding(unused, judge(unusedLevel, released), new Location(shown, 0, null),
                        "is not included by any changelog", false, null));
            }
        }
        Map<String, RuleLevel> configured = new java.util.LinkedHashMap<>();
        Rules.all().forEach(rule -> configured.put(rule.id(), levels.getOrDefault(rule.id(), rule.level())));
        return new LintReport(findings, notAnalysed, released != null, target.getShortName(), configured);
    }

    /**
     * Corrects which findings are released where one identity has several definitions: {@link
     * #lint} can only tell released changesets by identity.
     *
     * @param definitions a definition's location to whether it is the released one (see
     *     {@code ChecksumLock#duplicateDefinitions}); findings at other locations are kept as they are
     */
    public static LintReport withReleased(LintReport report, Map<Location, Boolean> definitions) {
        if (definitions.isEmpty()) {
            return report;
        }
        List<Finding> findings = new ArrayList<>(report.findings().size());
        for (Finding f : report.findings()) {
            Boolean isReleased = definitions.get(f.location());
            findings.add(isReleased == null || isReleased == f.released() ? f
                    : new Finding(f.rule(), f.level(), f.location(), f.message(), isReleased, f.suppression()));
        }
        return new LintReport(findings, report.notAnalysed(), report.judged(), report.target(), report.levels());
    }

    /** Validation problem codes that are rules, and their rule ids. */
    private static final Map<String, String> FROM_VALIDATION = Map.of("unresolved-parameter", "undefined-parameter",
            "unknown-dbms", "unknown-dbms");

    /** @return whether a validation problem is judged as a rule (see {@link #withValidationFindings}) */
    public static boolean isRule(dev.schemacode.core.problem.Problem problem) {
        return FROM_VALIDATION.containsKey(problem.code()) && problem.location().changeset() != null;
    }

    /**
     * Adds the validation's rule problems ({@code ${parameters}} nothing defines, unknown
     * {@code dbms} names) as findings of the rules {@code undefined-parameter} and
     * {@code unknown-dbms}, with the same levels, suppressions and judging as every rule.
     *
     * @param problems the validation's problems; those that are not rules are ignored
     * @return the report with those findings appended (the same report when there are none)
     */
    public static LintReport withValidationFindings(LintReport report, LoadedChangelog loaded,
            List<dev.schemacode.core.problem.Problem> problems, Map<String, RuleLevel> levels, Set<String> released) {
        Map<String, ChangeSet> byIdentity = new HashMap<>();
        loaded.changeSets().forEach(cs -> byIdentity.put(SourceMap.identity(cs), cs));
        loaded.changeLog().getSkippedChangeSets().forEach(cs -> byIdentity.putIfAbsent(SourceMap.identity(cs), cs));
        List<Finding> added = new ArrayList<>();
        for (dev.schemacode.core.problem.Problem problem : problems) {
            if (!isRule(problem)) {
                continue;
            }
            Rule rule = Rules.byId(FROM_VALIDATION.get(problem.code()));
            RuleLevel level = levels.getOrDefault(rule.id(), rule.level());
            if (level == RuleLevel.OFF) {
                continue;
            }
            String identity = problem.location().changeset();
            ChangeSet changeSet = byIdentity.get(identity);
            Map<String, String> allowed = new HashMap<>();
            suppressions(changeSet == null ? null : changeSet.getComments(), allowed, new ArrayList<>());
            String prefix = "changeset " + identity + ": ";
            String message = problem.message().startsWith(prefix) ? problem.message().substring(prefix.length()) : problem.message();
            int fix = message.indexOf(": define it with ");
            if (fix > 0) {
                message = message.substring(0, fix); // the rule's safer way says how
            }
            added.add(new Finding(rule, judge(level, released), problem.location(), message,
                    released != null && released.contains(identity), allowed.get(rule.id())));
        }
        if (added.isEmpty()) {
            return report;
        }
        List<Finding> all = new ArrayList<>(report.findings());
        all.addAll(added);
        return new LintReport(all, report.notAnalysed(), report.judged(), report.target(), report.levels());
    }

    private static RuleLevel judge(RuleLevel level, Set<String> released) {
        return released == null && level == RuleLevel.ERROR ? RuleLevel.WARN : level;
    }

    /** Reads {@code schemacode:allow <rule-id> <reason>} entries from a changeset comment. */
    static void suppressions(String comments, Map<String, String> allowed, List<String> bad) {
        if (comments == null || !comments.contains("schemacode:allow")) {
            return;
        }
        Matcher m = ALLOW.matcher(comments);
        while (m.find()) {
            String id = m.group(1);
            String reason = m.group(2).replaceAll("\\s+", " ").trim().replaceAll("[;,.]+$", "").trim();
            if (Rules.byId(id) == null) {
                String close = LintConfig.closestRule(id);
                bad.add("allows unknown rule '" + id + "'" + (close != null ? "; did you mean " + close + "?" : " (see the rule table in the README)"));
            } else if (reason.isEmpty()) {
                bad.add("allows " + id + " without a reason; write schemacode:allow " + id + " <why it is safe here>");
            } else {
                allowed.put(id, reason);
            }
        }
    }
}
