package dev.schemacode.core.lint;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.SchemaFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate.json and validate.sarif: the same findings, the documented JSON shape, valid SARIF 2.1.0. */
class LintReportsTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    private static final String RELEASED = """
            <changeSet id="1" author="ana">
              <createTable tableName="orders">
                <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                <column name="note" type="text"/><column name="status" type="text"/>
              </createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <dropColumn tableName="orders" columnName="status"/>
            </changeSet>""";

    private static final String NEW = """
            <changeSet id="3" author="ben">
              <dropColumn tableName="orders" columnName="note"/>
            </changeSet>
            <changeSet id="4" author="ben">
              <comment>schemacode:allow drop-table the table was never used, see ticket 42</comment>
              <dropTable tableName="scratch"/>
            </changeSet>
            <changeSet id="5" author="ben" runInTransaction="false">
              <sql>CREATE INDEX CONCURRENTLY ix ON orders (note) WHERE note IS NOT NULL; CLUSTER orders USING ix</sql>
              <rollback/>
            </changeSet>""";

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, false);
    }

    /** Lock with changesets 1 and 2, then 3–5 added: 3 fails (drop-column), 4 is allowed, 5 warns and has SQL the parser cannot read. */
    private SchemaFailure validateWithLock() throws Exception {
        write(project, MASTER, xml(RELEASED));
        core().lock(ChangelogSettings.of(null), Set.of());
        write(project, MASTER, xml(RELEASED + NEW));
        return assertThrows(SchemaFailure.class,
                () -> core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "postgresql"), LintConfig.defaults()));
    }

    @Test
    void jsonHasTheDocumentedShapeAndJudgesOnlyNewChangesets() throws Exception {
        SchemaFailure failure = validateWithLock();
        assertTrue(failure.getMessage().startsWith("schema:validate found 1 rule error in new changesets"), failure.getMessage());
        JsonNode json = JSON.readTree(project.resolve("target/schema/validate.json").toFile());
        assertEquals(1, json.get("format").asInt());
        assertEquals("Schemacode", json.get("tool").get("name").asText());
        assertEquals("postgresql", json.get("targetDatabase").asText());
        assertTrue(json.get("lockFile").asBoolean());
        assertEquals("src/main/resources/db/changelog/db.changelog-master.xml", json.get("changelog").asText());
        JsonNode counts = json.get("counts");
        assertEquals(1, counts.get("error").asInt(), json.toString());
        assertEquals(1, counts.get("allowed").asInt(), json.toString());
        assertTrue(counts.get("released").asInt() >= 1, json.toString());
        assertEquals(1, counts.get("notAnalysed").asInt(), json.toString());

        List<String> fields = new ArrayList<>();
        json.get("findings").get(0).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("rule", "level", "file", "line", "changeset", "message", "why", "saferWay", "released", "allowed"), fields);
        JsonNode released = find(json, "drop-column", "::2::ana");
        assertTrue(released.get("released").asBoolean());
        JsonNode fails = find(json, "drop-column", "::3::ben");
        assertEquals("error", fails.get("level").asText());
        assertEquals(false, fails.get("released").asBoolean());
        assertEquals("src/main/resources/db/changelog/db.changelog-master.xml", fails.get("file").asText());
        assertEquals(14, fails.get("line").asInt()); // the <changeSet id="3"> line
        assertEquals("drops column orders.note", fails.get("message").asText());
        assertTrue(fails.get("allowed").isNull());
        assertEquals("the table was never used, see ticket 42", find(json, "drop-table", "::4::ben").get("allowed").asText());
        JsonNode unread = json.get("notAnalysed").get(0);
        assertTrue(unread.get("statement").asText().startsWith("CLUSTER orders USING ix"), unread.toString());
        assertTrue(unread.get("changeset").asText().endsWith("::5::ben"), unread.toString());

        // the log shows only the new changesets' findings, the allowed one with its reason
        assertTrue(log.at("ERROR").stream().anyMatch(l -> l.contains("[drop-column] changeset db/changelog/db.changelog-master.xml::3::ben")),
                log.lines.toString());
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("::2::ana drops")), log.lines.toString());
        assertTrue(log.at("INFO").stream().anyMatch(l -> l.contains("[drop-table]") && l.endsWith("(allowed: the table was never used, see ticket 42)")),
                log.lines.toString());
    }

    @Test
    void manyWarningsOfOneRuleAreCountedAfterTheFirstTenWhileEveryErrorIsListed() throws Exception {
        String tables = dev.schemacode.core.TestFiles.createTables(14, "t", "text");
        write(project, MASTER, xml(tables));
        core().validate(ChangelogSettings.of(null), LintConfig.defaults());
        List<String> shown = log.at("WARN").stream().filter(l -> l.contains(": [table-without-primary-key] changeset")).toList();
        assertEquals(10, shown.size(), log.lines.toString());
        assertTrue(log.at("WARN").contains("[table-without-primary-key] 4 more warnings like the 10 above: target/schema/validate.json"
                + " (and validate.sarif) lists every finding, -X lists them here"), log.lines.toString());
        assertEquals(14, JSON.readTree(project.resolve("target/schema/validate.json").toFile()).get("findings").size());

        RecordingLog debug = new RecordingLog(true);
        new Schemacode(ProjectLayout.standard(project), debug, false).validate(ChangelogSettings.of(null), LintConfig.defaults());
        assertEquals(14, debug.at("WARN").stream().filter(l -> l.contains(": [table-without-primary-key] changeset")).count(), debug.lines.toString());

        // as errors (in new changesets, with a lock) every one is listed
        write(project, MASTER, xml(""));
        core().lock(ChangelogSettings.of(null), Set.of());
        write(project, MASTER, xml(tables));
        RecordingLog strict = new RecordingLog();
        assertThrows(SchemaFailure.class, () -> new Schemacode(ProjectLayout.standard(project), strict, false)
                .validate(ChangelogSettings.of(null), new LintConfig(Map.of("table-without-primary-key", RuleLevel.ERROR), "h2")));
        assertEquals(14, strict.at("ERROR").stream().filter(l -> l.contains("[table-without-primary-key] changeset")).count(), strict.lines.toString());
    }

    @Test
    void theReportsHoldWhatFailsTheBuildAndNeverAnEarlierRunsResult() throws Exception {
        // an edited released changeset: a lock problem, not a rule finding
        write(project, MASTER, xml(RELEASED));
        core().lock(ChangelogSettings.of(null), Set.of());
        write(project, MASTER, xml(RELEASED.replace("type=\"text\"/><column name=\"status\"", "type=\"varchar(9)\"/><column name=\"status\"")));
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null), LintConfig.defaults()));
        JsonNode json = JSON.readTree(project.resolve("target/schema/validate.json").toFile());
        assertEquals(1, json.get("counts").get("problemErrors").asInt(), json.toString());
        JsonNode problem = json.get("problems").get(0);
        assertEquals(List.of("code", "level", "file", "line", "changeset", "message"), fieldNames(problem));
        assertEquals("error", problem.get("level").asText());
        assertEquals(MASTER, problem.get("file").asText());
        assertTrue(problem.get("message").asText().contains("::1::ana was edited after it was released"), problem.toString());
        JsonNode sarif = JSON.readTree(project.resolve("target/schema/validate.sarif").toFile());
        assertEquals(List.of(), sarifSchema().validate(sarif).stream().map(Object::toString).toList());
        JsonNode result = last(sarif.get("runs").get(0).get("results"));
        assertEquals("check/" + problem.get("code").asText(), result.get("ruleId").asText());
        assertEquals("error", result.get("level").asText());
        assertEquals(problem.get("line").asInt(), result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt());

        // a changelog that cannot be parsed: the reports name the error, nothing of the run before survives
        write(project, MASTER, xml("<changeSet id=\"9\" author=\"ana\"><createTabel tableName=\"x\"/></changeSet>"));
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null), LintConfig.defaults()));
        json = JSON.readTree(project.resolve("target/schema/validate.json").toFile());
        assertEquals(0, json.get("findings").size(), json.toString());
        assertEquals(1, json.get("counts").get("problemErrors").asInt(), json.toString());
        assertTrue(json.get("problems").get(0).get("message").asText().contains("createTabel"), json.toString());
        sarif = JSON.readTree(project.resolve("target/schema/validate.sarif").toFile());
        assertEquals(List.of(), sarifSchema().validate(sarif).stream().map(Object::toString).toList());
        assertEquals(1, sarif.get("runs").get(0).get("results").size());
        JsonNode dropView = null;
        for (JsonNode rule : sarif.get("runs").get(0).get("tool").get("driver").get("rules")) {
            dropView = rule.get("id").asText().equals("drop-view") ? rule : dropView;
        }
        assertEquals("warning", dropView.get("defaultConfiguration").get("level").asText(), "rules keep their levels in a parse failure's report");

        // a mistake in <rules> fails before anything is parsed: no report of the run before is left either
        write(project, MASTER, xml(RELEASED));
        core().validate(ChangelogSettings.of(null), LintConfig.defaults());
        assertTrue(Files.isRegularFile(project.resolve("target/schema/validate.json")));
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null), Map.of("drop-tabel", "warn"), "h2"));
        assertTrue(!Files.exists(project.resolve("target/schema/validate.json")) && !Files.exists(project.resolve("target/schema/validate.sarif")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static Schema sarifSchema() throws IOException {
        try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    private static JsonNode find(JsonNode json, String rule, String changeset) {
        for (JsonNode f : json.get("findings")) {
            if (f.get("rule").asText().equals(rule) && f.get("changeset").asText().endsWith(changeset)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " finding for " + changeset + " in " + json);
    }

    @Test
    void sarifIsValidAgainstTheSarif210SchemaAndCarriesTheSameFindings() throws Exception {
        validateWithLock();
        JsonNode sarif = JSON.readTree(project.resolve("target/schema/validate.sarif").toFile());
        Schema schema;
        try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        assertEquals(List.of(), schema.validate(sarif).stream().map(Object::toString).toList());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode results = sarif.get("runs").get(0).get("results");
        JsonNode json = JSON.readTree(project.resolve("target/schema/validate.json").toFile());
        assertEquals(json.get("findings").size() + json.get("problems").size(), results.size());
        int suppressed = 0;
        int unchanged = 0;
        for (JsonNode r : results) {
            suppressed += r.has("suppressions") ? 1 : 0;
            boolean released = r.has("baselineState") && "unchanged".equals(r.get("baselineState").asText());
            unchanged += released ? 1 : 0;
            // history is a note, whatever the rule's level: a code-scanning view must not list it among the errors
            assertEquals(released, "note".equals(r.get("level").asText()), r.toString());
        }
        assertEquals(json.get("counts").get("allowed").asInt(), suppressed);
        assertEquals(json.get("counts").get("released").asInt(), unchanged);
        assertTrue(sarif.get("runs").get(0).get("tool").get("driver").get("rules").size() > 30);
    }

    @Test
    void everySarifResultAndRuleStatesItsLevelAsConfigured() throws Exception {
        // without a lock an error-level rule's findings are warnings; the POM lowers another rule to warn
        write(project, MASTER, xml(RELEASED + NEW));
        core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "postgresql"),
                LintConfig.of(Map.of("drop-table", "warn"), "h2"));
        JsonNode run = JSON.readTree(project.resolve("target/schema/validate.sarif").toFile()).get("runs").get(0);
        for (JsonNode result : run.get("results")) {
            assertEquals("warning", result.get("level").asText(), result.toString());
        }
        for (JsonNode rule : run.get("tool").get("driver").get("rules")) {
            String id = rule.get("id").asText();
            String expected = id.equals("drop-table") ? "warning" : Rules.byId(id) == null ? "error"
                    : Map.of(RuleLevel.ERROR, "error", RuleLevel.WARN, "warning", RuleLevel.OFF, "none").get(Rules.byId(id).level());
            assertEquals(expected, rule.get("defaultConfiguration").get("level").asText(), id);
        }
    }

    @Test
    void aSuppressionWithoutReasonFailsEvenWithoutALock() throws Exception {
        write(project, MASTER, xml(RELEASED + """
                <changeSet id="9" author="ben">
                  <comment>schemacode:allow drop-table</comment>
                  <dropTable tableName="orders"/>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null), LintConfig.defaults()));
        assertTrue(failure.getMessage().startsWith("schema:validate found 1 rule error"), failure.getMessage());
        assertTrue(log.at("ERROR").stream().anyMatch(l -> l.endsWith("[suppression] changeset db/changelog/db.changelog-master.xml::9::ben"
                + " allows drop-table without a reason; write schemacode:allow drop-table <why it is safe here>")), log.lines.toString());

        // a misspelt rule id gets the same "did you mean" as in <rules>
        log.lines.clear();
        write(project, MASTER, xml(RELEASED + """
                <changeSet id="9" author="ben">
                  <comment>schemacode:allow drop-tabel the table was never used</comment>
                  <dropTable tableName="orders"/>
                </changeSet>"""));
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null), LintConfig.defaults()));
        assertTrue(log.at("ERROR").stream().anyMatch(l -> l.endsWith("allows unknown rule 'drop-tabel'; did you mean drop-table?")),
                log.lines.toString());
    }

    @Test
    void anAllowForARuleThatFindsNothingIsAWarning() throws Exception {
        write(project, MASTER, xml(RELEASED + """
                <changeSet id="9" author="ben">
                  <comment>schemacode:allow drop-table kept from an older version of this changeset</comment>
                  <addColumn tableName="orders"><column name="x" type="text"/></addColumn>
                </changeSet>"""));
        Schemacode.ValidateResult result = core().validate(ChangelogSettings.of(null), LintConfig.defaults());
        assertTrue(log.at("WARN").stream().anyMatch(l -> l.endsWith("[suppression] changeset db/changelog/db.changelog-master.xml::9::ben"
                + " allows drop-table, which finds nothing in this changeset; remove the schemacode:allow so it cannot hide a later change")),
                log.lines.toString());
        // the reports' explanation fits this case too, not only a missing reason or an unknown rule
        Finding stale = result.lint().findings().stream().filter(f -> f.rule().id().equals("suppression")).findFirst().orElseThrow();
        assertTrue(stale.rule().why().contains("allow something its changeset does"), stale.rule().why());
    }

    @Test
    void aDollarQuotedBodyWithSplitStatementsOffIsOneStatement() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <sql splitStatements="false">DO $$ BEGIN DELETE FROM orders; END; $$</sql>
                  <rollback/>
                </changeSet>"""));
        LintReport lint = core().validate(ChangelogSettings.of(null), LintConfig.defaults()).lint();
        assertEquals(1, lint.notAnalysed().size(), lint.notAnalysed().toString());
        assertTrue(lint.notAnalysed().get(0).statement().startsWith("DO $$ BEGIN DELETE FROM orders; END; $$"), lint.notAnalysed().toString());
    }

    @Test
    void aSchemaViolationIsCaughtByTheCheck() throws Exception {
        // the check itself can fail: a SARIF log without "runs" is invalid
        Schema schema;
        try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        assertTrue(!schema.validate(JSON.readTree("{\"version\": \"2.1.0\"}")).isEmpty());
    }
}
