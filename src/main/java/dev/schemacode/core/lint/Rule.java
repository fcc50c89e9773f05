package dev.schemacode.core.lint;

import dev.schemacode.core.engine.EngineKind;
import java.util.Set;

/**
 * One risk rule of {@code schema:validate}.
 *
 * @param id stable identifier, used in output, suppressions and the POM ({@code drop-column})
 * @param level default level
 * @param why one line: what goes wrong
 * @param saferWay one line: how to make the same change safely
 * @param covers the squawk rules and strong_migrations checks it covers (see
 *     ../shared/LINT-ANCHORS.md), or an empty string
 * @param engines the target engines it applies to; empty for every engine
 * @param check finds the rule's cases in one changeset
 */
public record Rule(String id, RuleLevel level, String why, String saferWay, String covers, Set<EngineKind> engines,
        Check check) {

    /** Finds a rule's cases in one changeset and reports each with a specific message. */
    @FunctionalInterface
    interface Check {
        void check(ChangesetFacts changeset, LintTarget target, java.util.function.Consumer<String> report);
    }

    /** @return whether the rule applies to changelogs deployed to {@code target} */
    boolean appliesTo(EngineKind target) {
        return engines.isEmpty() || (target != null && engines.contains(target));
    }
}
