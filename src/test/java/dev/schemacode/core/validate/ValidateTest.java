package dev.schemacode.core.validate;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, true);
    }

    private static final String MASTER = """
            databaseChangeLog:
              - include:
                  file: changes/a.xml
                  relativeToChangelogFile: true
              - include:
                  file: changes/b.yaml
                  relativeToChangelogFile: true
            """;

    @Test
    void validTreeGivesOneSummaryLine() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="id" type="bigint"><constraints primaryKey="true"/></column></createTable>
                </changeSet>"""));
        write(project, "src/main/resources/db/changelog/changes/b.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 2
                      author: ben
                      changes:
                        - addColumn:
                            tableName: a
                            columns:
                              - column: {name: b, type: int}
                """);
        Schemacode.ValidateResult result = core().validate(ChangelogSettings.of(null));
        assertEquals(2, result.checked());
        assertEquals(2, log.at("INFO").size(), log.lines.toString());
        assertTrue(log.at("INFO").get(0).startsWith("Schemacode "), log.at("INFO").get(0));
        assertTrue(log.at("INFO").get(1).startsWith(
                "schema:validate src/main/resources/db/changelog/db.changelog-master.yaml: 2 changesets valid for h2"), log.lines.toString());
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileAndLine() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="1" author="ana">
                  <dropTable tableName="a"/>
                </changeSet>"""));
        write(project, "src/main/resources/db/changelog/changes/b.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 2
                      author: ben
                      changes:
                        - addColumn:
                            columns:
                              - column: {name: b, type: int}
                """);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        List<String> lines = failure.problems().stream().map(Problem::format).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("src/main/resources/db/changelog/changes/a.xml:9: changeset db/changelog/changes/a.xml::1::ana is defined twice (first at src/main/resources/db/changelog/changes/a.xml:6)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("src/main/resources/db/changelog/changes/b.yaml:2: changeset db/changelog/changes/b.yaml::2::ben: tableName is required"), lines.get(1));
        assertEquals("schema:validate found 2 errors (listed above)", failure.getMessage());
        assertEquals(lines, log.at("ERROR"));
    }

    @Test
    void xmlSyntaxErrorPointsAtTheIncludedFileAndLine() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="id" type="int"></createTable>
                </changeSet>"""));
        write(project, "src/main/resources/db/changelog/changes/b.yaml", "databaseChangeLog: []\n");
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/a.xml:7: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("column"), failure.getMessage());
    }

    @Test
    void yamlSyntaxErrorPointsAtTheIncludedFileAndLine() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml(""));
        write(project, "src/main/resources/db/changelog/changes/b.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 2
                      author: ben
                     changes: []
                """);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/b.yaml:5: "), failure.getMessage());
    }

    @Test
    void unknownChangeTypeIsReportedWithItsFile() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml(""));
        write(project, "src/main/resources/db/changelog/changes/b.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 2
                      author: ben
                      changes:
                        - createTabel:
                            tableName: x
                """);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/b.yaml"), failure.getMessage());
        assertTrue(failure.getMessage().contains("createTabel"), failure.getMessage());
    }

    @Test
    void missingIncludedFileIsReportedAtTheIncludeWithWhatToDo() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", MASTER.replace("changes/b.yaml", "changes/typo.yaml"));
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml(""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/db.changelog-master.yaml:6: included file "
                + "db/changelog/changes/typo.yaml not found on the search path [src/main/resources]; check the include's path"),
                failure.getMessage());
    }

    @Test
    void dbmsFiltersAreEvaluatedForTheTargetDatabase() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="pg" author="ana" dbms="postgresql">
                  <createSequence sequenceName="s" incrementBy="2"/>
                </changeSet>
                <changeSet id="all" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        Schemacode.ValidateResult onH2 = core().validate(ChangelogSettings.of(null));
        assertEquals(1, onH2.checked());
        assertEquals(1, onH2.skippedByDbms());
        Schemacode.ValidateResult onPg = core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "postgresql"));
        assertEquals(2, onPg.checked());
    }

    @Test
    void missingCustomChangeClassDoesNotHideOtherErrors() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="c1" author="ana">
                  <customChange class="com.example.NotCompiledYet"/>
                </changeSet>
                <changeSet id="bad" author="ana">
                  <dropTable/>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().contains("db.changelog-master.xml:10: XML error: Attribute 'tableName' must appear on element 'dropTable'"),
                failure.getMessage());
    }

    @Test
    void misspeltDbmsIsARuleErrorWithALockEvenWhenItFiltersTheChangesetOut() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        core().lock(ChangelogSettings.of(null), java.util.Set.of());
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="pg" author="ana" dbms="postgres">
                  <createTable tableName="a"><column name="id" type="bigint"><constraints primaryKey="true"/></column></createTable>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("schema:validate found 1 rule error"), failure.getMessage());
        assertTrue(log.at("ERROR").stream().anyMatch(l -> l.startsWith("src/main/resources/db/changelog/db.changelog-master.xml:6:"
                + " [unknown-dbms] changeset db/changelog/db.changelog-master.xml::pg::ana dbms 'postgres' is not a database Liquibase"
                + " knows")), log.lines.toString());
    }

    @Test
    void sqlFileWithChangesetLinesButNoHeaderIsAnError() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: changes/001.sql
                      relativeToChangelogFile: true
                """);
        write(project, "src/main/resources/db/changelog/changes/001.sql", """
                -- our tables
                --changeset ana:1 context:dev
                create table a (id int);
                --rollback drop table a;
                """);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/001.sql:1: this file has --changeset lines"
                + " (the first at line 2) but does not start with '--liquibase formatted sql'"), failure.getMessage());
    }

    @Test
    void theRiskRulesCountSaysReleasedFindingsAreNotJudgedAndWhereTheyAreListed() throws Exception {
        String released = """
                <changeSet id="1" author="ana"><createTable tableName="a"><column name="id" type="int"/></createTable></changeSet>
                <changeSet id="2" author="ana"><createTable tableName="b"><column name="id" type="int"/></createTable></changeSet>""";
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(released));
        core().lock(ChangelogSettings.of(null), java.util.Set.of());
        log.lines.clear();
        core().validate(ChangelogSettings.of(null));
        assertEquals(List.of(), log.at("WARN"), "released changesets are not judged");
        assertTrue(log.at("INFO").contains("risk rules for h2: 0 errors, 0 warnings, 0 allowed, 2 findings in released changesets,"
                + " not judged (listed in target/schema/validate.json)"), log.lines.toString());

        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(released + """
                <changeSet id="3" author="ben"><dropTable tableName="b"/></changeSet>"""));
        log.lines.clear();
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith("risk rules for h2: 1 error, ")
                && l.contains(", 2 findings in released changesets, not judged")), log.lines.toString());
    }

    @Test
    void undefinedParameterIsARuleFindingAWarningWithoutALockAndAllowable() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="${prefix}audit"><column name="id" type="${idType}"/></createTable>
                </changeSet>"""));
        Schemacode.ValidateResult result = core().validate(ChangelogSettings.of(null));
        List<String> warnings = log.at("WARN").stream().filter(l -> l.contains("[undefined-parameter]")).toList();
        assertEquals(List.of(
                "src/main/resources/db/changelog/db.changelog-master.xml:6: [undefined-parameter] changeset db/changelog/db.changelog-master.xml::1::ana ${idType} is not defined for this database: Liquibase leaves a ${parameter} that nothing defines in the SQL as it is, which fails or does the wrong thing on the target — safer: define it with <changeLogParameters>, a property in the changelog (for each dbms it is used with) or spring.liquibase.parameters.*",
                "src/main/resources/db/changelog/db.changelog-master.xml:6: [undefined-parameter] changeset db/changelog/db.changelog-master.xml::1::ana ${prefix} is not defined for this database: Liquibase leaves a ${parameter} that nothing defines in the SQL as it is, which fails or does the wrong thing on the target — safer: define it with <changeLogParameters>, a property in the changelog (for each dbms it is used with) or spring.liquibase.parameters.*"),
                warnings);
        assertEquals(2, result.lint().findings().stream().filter(f -> f.rule().id().equals("undefined-parameter")).count());

        // with a lock it fails; a reasoned allow lets it pass
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        core().lock(ChangelogSettings.of(null), java.util.Set.of());
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="${prefix}audit"><column name="id" type="bigint"><constraints primaryKey="true"/></column></createTable>
                </changeSet>"""));
        assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <comment>schemacode:allow undefined-parameter the literal ${prefix} is wanted here</comment>
                  <createTable tableName="${prefix}audit"><column name="id" type="bigint"><constraints primaryKey="true"/></column></createTable>
                </changeSet>"""));
        core().validate(ChangelogSettings.of(null));
    }

    @Test
    void undefinedParameterAndUnknownDbmsAreRulesInYamlAndFormattedSqlToo() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: y1
                      author: ana
                      dbms: postgres
                      changes: [{sql: {sql: SELECT 1}}]
                      rollback: []
                  - changeSet:
                      id: y2
                      author: ana
                      changes: [{sql: {sql: "SELECT '${undefinedThing}'"}}]
                      rollback: []
                  - include:
                      file: b.sql
                      relativeToChangelogFile: true
                """);
        write(project, "src/main/resources/db/changelog/b.sql", "--liquibase formatted sql\n\n"
                + "--changeset ana:s1 dbms:mysqll\nSELECT 1;\n--rollback SELECT 1;\n\n"
                + "--changeset ana:s2\nSELECT '${alsoUndefined}';\n--rollback SELECT 1;\n");
        List<String> rules = core().validate(ChangelogSettings.of(null)).lint().findings().stream()
                .filter(f -> f.rule().id().equals("unknown-dbms") || f.rule().id().equals("undefined-parameter"))
                .map(f -> f.rule().id() + " " + f.location().changeset()).sorted().toList();
        assertEquals(List.of("undefined-parameter db/changelog/b.sql::s2::ana",
                "undefined-parameter db/changelog/db.changelog-master.yaml::y2::ana",
                "unknown-dbms db/changelog/b.sql::s1::ana",
                "unknown-dbms db/changelog/db.changelog-master.yaml::y1::ana"), rules);
    }

    @Test
    void misspeltXmlChangeTypeSaysSo() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createIndx tableName="a" indexName="i"><column name="id"/></createIndx>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertEquals("src/main/resources/db/changelog/db.changelog-master.xml:7: XML error: <createIndx> is not allowed here:"
                + " not a Liquibase change type or element in this position; check its spelling", failure.getMessage());
    }

    @Test
    void sameFileIncludedTwiceSaysSo() {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: changes/a.xml
                      relativeToChangelogFile: true
                  - include:
                      file: changes/a.xml
                      relativeToChangelogFile: true
                """);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertEquals("src/main/resources/db/changelog/changes/a.xml: changeset db/changelog/changes/a.xml::1::ana is run twice"
                + " because src/main/resources/db/changelog/changes/a.xml is included twice; remove one of the includes", failure.getMessage());
    }

    @Test
    void unknownTargetDatabaseListsTheKnownOnes() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(""));
        SchemaFailure failure = assertThrows(SchemaFailure.class,
                () -> core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "postgress")));
        assertTrue(failure.getMessage().contains("unknown targetDatabase 'postgress'; did you mean postgresql? use one of "), failure.getMessage());
        assertTrue(failure.getMessage().contains("mariadb"), failure.getMessage());
        // no header line first that would present the mistyped name as the dialect being checked
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("for postgress")), log.lines.toString());
        // the common short form, and Liquibase's placeholder for databases it does not know, which is no dialect
        SchemaFailure shortForm = assertThrows(SchemaFailure.class,
                () -> core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "postgres")));
        assertTrue(shortForm.getMessage().contains("did you mean postgresql?"), shortForm.getMessage());
        assertTrue(!shortForm.getMessage().contains("unsupported"), shortForm.getMessage());
        SchemaFailure placeholder = assertThrows(SchemaFailure.class,
                () -> core().validate(new ChangelogSettings(null, null, null, Map.of(), null, "unsupported")));
        assertTrue(placeholder.getMessage().startsWith("unknown targetDatabase 'unsupported'"), placeholder.getMessage());
        // the reports name the mistake too, for CI
        String json = java.nio.file.Files.readString(project.resolve("target/schema/validate.json"));
        assertTrue(json.contains("\"code\" : \"config\"") && json.contains("unknown targetDatabase 'unsupported'"), json);
        assertTrue(java.nio.file.Files.isRegularFile(project.resolve("target/schema/validate.sarif")));
    }

    @Test
    void missingCustomChangeClassIsOnlyAWarningAtValidateAndTheRestIsStillValidated() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="c1" author="ana">
                  <customChange class="com.example.NotCompiledYet">
                    <param name="table" value="a"/>
                  </customChange>
                </changeSet>
                <changeSet id="c2" author="ana">
                  <customChange class="com.example.AlsoNotCompiledYet"/>
                </changeSet>
                <changeSet id="after" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        Schemacode.ValidateResult result = core().validate(ChangelogSettings.of(null), dev.schemacode.core.TestFiles.noRules());
        assertEquals(1, result.checked());
        assertTrue(log.at("INFO").get(1).contains("1 changeset valid for h2, 2 not validated (customChange class not compiled yet)"),
                log.lines.toString());
        List<String> warnings = log.at("WARN");
        assertEquals(2, warnings.size(), log.lines.toString());
        assertTrue(warnings.get(1).startsWith("src/main/resources/db/changelog/db.changelog-master.xml:12: changeset db/changelog/db.changelog-master.xml::c2::ana: customChange class com.example.AlsoNotCompiledYet"),
                warnings.get(1));
        assertTrue(warnings.get(0).startsWith("src/main/resources/db/changelog/db.changelog-master.xml:7: changeset db/changelog/db.changelog-master.xml::c1::ana: customChange class com.example.NotCompiledYet cannot be loaded"),
                warnings.get(0));
    }
}
