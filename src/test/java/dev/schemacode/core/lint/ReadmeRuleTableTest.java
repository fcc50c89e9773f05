package dev.schemacode.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's rule table lists every rule, with its default level, why and safer way, as the code has them. */
class ReadmeRuleTableTest {

    @Test
    void theReadmeTableMatchesTheCatalogue() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Risk rules at validate"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Map<String, String> inReadme = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split(" \\| ");
                inReadme.put(cells[0].substring(3, cells[0].length() - 1), cells[1] + " | " + cells[3] + " | " + cells[4]);
            }
        }
        Map<String, String> inCode = new LinkedHashMap<>();
        for (Rule r : Rules.all()) {
            inCode.put(r.id(), r.level().label() + " | " + r.why().replace("|", "\\|") + " | " + r.saferWay().replace("|", "\\|"));
        }
        assertEquals(inCode, inReadme);
        assertTrue(readme.contains(" " + Rules.all().size() + " risk rules"), "the README's introduction counts " + Rules.all().size() + " rules");
    }

    @Test
    void unknownRulesAndEmptyLevelsAreRefusedHelpfully() {
        dev.schemacode.core.problem.SchemaFailure misspelt = org.junit.jupiter.api.Assertions.assertThrows(
                dev.schemacode.core.problem.SchemaFailure.class, () -> LintConfig.of(Map.of("missing-lock-timout", "off"), "h2"));
        assertEquals("<rules> names unknown rule 'missing-lock-timout'; did you mean missing-lock-timeout?", misspelt.getMessage());
        dev.schemacode.core.problem.SchemaFailure empty = org.junit.jupiter.api.Assertions.assertThrows(
                dev.schemacode.core.problem.SchemaFailure.class, () -> LintConfig.of(java.util.Collections.singletonMap("drop-view", null), "h2"));
        assertEquals("<rules><drop-view> has no level; use error, warn or off", empty.getMessage());
    }
}
