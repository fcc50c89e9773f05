package dev.schemacode.core.lint;

import dev.schemacode.core.problem.Location;
import java.util.List;

/**
 * What {@link Linter} found.
 *
 * @param findings every finding, shown or not, in changelog order
 * @param notAnalysed raw SQL statements the parser could not read
 * @param judged whether a schema.lock existed (without one, every finding is at most a warning)
 * @param target the target dialect the rules were evaluated for
 * @param levels each rule's configured level (the POM's, else the rule's default)
 */
public record LintReport(List<Finding> findings, List<NotAnalysed> notAnalysed, boolean judged, String target,
        java.util.Map<String, RuleLevel> levels) {

    /**
     * A statement the parser could not read.
     *
     * @param location its changeset
     * @param statement the statement (up to 200 characters)
     * @param reason the parser's message
     */
    public record NotAnalysed(Location location, String statement, String reason) { }

    public LintReport {
        findings = List.copyOf(findings);
        notAnalysed = List.copyOf(notAnalysed);
        levels = java.util.Map.copyOf(levels);
    }

    /** @return how many findings have this level and are shown (not suppressed, not released) */
    public long count(RuleLevel level) {
        return findings.stream().filter(f -> f.level() == level && f.shown() && f.suppression() == null).count();
    }

    /** @return shown findings that were suppressed with a reason */
    public long suppressed() {
        return findings.stream().filter(f -> f.shown() && f.suppression() != null).count();
    }

    /** @return findings in released changesets (reports only) */
    public long released() {
        return findings.stream().filter(Finding::released).count();
    }

    /** @return whether any finding fails the build */
    public boolean fails() {
        return findings.stream().anyMatch(Finding::fails);
    }
}
