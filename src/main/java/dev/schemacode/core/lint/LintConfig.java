package dev.schemacode.core.lint;

import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How {@code schema:validate} runs the risk rules.
 *
 * @param levels per-rule levels from the POM (rule id to level)
 * @param selfTestDialect the dialect the self-test runs on, for {@code not-self-tested}
 */
public record LintConfig(Map<String, RuleLevel> levels, String selfTestDialect) {

    public LintConfig {
        levels = Map.copyOf(levels);
        selfTestDialect = selfTestDialect == null || selfTestDialect.isBlank() ? "h2" : selfTestDialect;
    }

    /** @return the rule id {@code id} most likely misspells (see {@code Suggestions#closest}), or {@code null} */
    static String closestRule(String id) {
        return dev.schemacode.core.problem.Suggestions.closest(id, Rules.all().stream().map(Rule::id).toList());
    }

    /** Every rule at its default level, self-test on H2. */
    public static LintConfig defaults() {
        return new LintConfig(Map.of(), "h2");
    }

    /**
     * Reads the POM's {@code <rules>} map.
     *
     * @param written rule id to {@code error}/{@code warn}/{@code off}; may be {@code null}
     * @throws SchemaFailure for an unknown rule id or level, listing what is accepted
     */
    public static LintConfig of(Map<String, String> written, String selfTestDialect) throws SchemaFailure {
        Map<String, RuleLevel> levels = new LinkedHashMap<>();
        if (written != null) {
            for (Map.Entry<String, String> e : written.entrySet()) {
                String id = e.getKey().trim();
                if (Rules.byId(id) == null) {
                    String close = closestRule(id);
                    throw new SchemaFailure(Problem.error("config", Location.NONE, "<rules> names unknown rule '" + id + "'"
                            + (close != null ? "; did you mean " + close + "?" : "; known rules: "
                                    + Rules.all().stream().map(Rule::id).collect(Collectors.joining(", ")))));
                }
                if (e.getValue() == null || e.getValue().isBlank()) {
                    throw new SchemaFailure(Problem.error("config", Location.NONE, "<rules><" + id + "> has no level; use error, warn or off"));
                }
                try {
                    levels.put(id, RuleLevel.parse(e.getValue()));
                } catch (IllegalArgumentException bad) {
                    throw new SchemaFailure(Problem.error("config", Location.NONE, "<rules><" + id + ">: " + bad.getMessage()));
                }
            }
        }
        return new LintConfig(levels, selfTestDialect);
    }
}
