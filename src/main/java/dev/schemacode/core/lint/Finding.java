package dev.schemacode.core.lint;

import dev.schemacode.core.problem.Location;

/**
 * One rule's finding in one changeset.
 *
 * @param rule the rule
 * @param level the effective level: the configured one for a changeset not yet in schema.lock,
 *     at most {@code warn} without a lock; never {@code off}
 * @param location file, line and changeset identity
 * @param message what this changeset does, one line
 * @param released whether the changeset is recorded in schema.lock (released history: the finding
 *     goes to the reports only)
 * @param suppression the reason given with {@code schemacode:allow}, or {@code null}
 */
public record Finding(Rule rule, RuleLevel level, Location location, String message, boolean released, String suppression) {

    /** @return whether it fails the build: an error, not suppressed, in a changeset not yet released */
    public boolean fails() {
        return level == RuleLevel.ERROR && !released && suppression == null;
    }

    /** @return whether it is shown in the build log */
    public boolean shown() {
        return !released;
    }

    /** @return the log line: {@code path:line: [rule-id] message: why — safer: …} */
    public String format() {
        String where = location.line() > 0 ? location.path() + ":" + location.line() : String.valueOf(location.path());
        String text = where + ": [" + rule.id() + "] " + (location.changeset() == null ? "this file" : "changeset " + location.changeset())
                + " " + message;
        if (suppression != null) {
            return text + " (allowed: " + suppression + ")";
        }
        if (rule == Linter.SUPPRESSION) {
            return text;
        }
        return text + ": " + rule.why() + " — safer: " + rule.saferWay();
    }
}
