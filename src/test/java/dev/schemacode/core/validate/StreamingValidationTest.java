package dev.schemacode.core.validate;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.changelog.ChangelogLoader;
import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.ParseListener;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.core.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation fed while an XML master changelog is parsed reports exactly what validating the
 * parsed tree afterwards reports, and really is fed during the parse.
 */
class StreamingValidationTest {

    @TempDir
    Path project;

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    /** Includes, a duplicate, runOrder, a dbms filter, a dialect rejection, a modifySql and a warning. */
    private void tricky() {
        write(project, "src/main/resources/db/changelog/part.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: y1
                      author: ana
                      changes:
                        - createTable:
                            tableName: y
                            columns:
                              - column: {name: id, type: bigint}
                  - changeSet:
                      id: "1"
                      author: ana
                      changes:
                        - sql: select 1
                """);
        write(project, "src/main/resources/db/changelog/part.sql", """
                --liquibase formatted sql
                --changeset ben:s1
                create table s (id int);
                --rollback drop table s;
                """);
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana"><createTable tableName="a"><column name="id" type="int"/></createTable></changeSet>
                <changeSet id="late" author="ana" runOrder="last"><sql>select 2</sql></changeSet>
                <include file="part.yaml" relativeToChangelogFile="true"/>
                <changeSet id="2" author="ana" dbms="mysql"><dropNotNullConstraint tableName="a" columnName="id"/></changeSet>
                <changeSet id="3" author="ana"><dropNotNullConstraint tableName="a" columnName="id"/></changeSet>
                <changeSet id="4" author="ana"><sql>select ${undefined}</sql>
                  <modifySql><append value=" -- modified"/></modifySql></changeSet>
                <include file="part.sql" relativeToChangelogFile="true"/>
                <changeSet id="5" author="ana" dbms="postgres"><sql>select 3</sql></changeSet>
                <changeSet id="1" author="ana"><sql>select 4</sql></changeSet>
                """));
    }

    private record Outcome(List<String> problems, int checked, int skipped, int heardDuringParse, int total, int checkedByCaller) { }

    private Outcome run(String dialect, boolean streamed) throws Exception {
        return run("db/changelog/db.changelog-master.xml", dialect, streamed, false);
    }

    private Outcome run(String master, String dialect, boolean streamed) throws Exception {
        return run(master, dialect, streamed, false);
    }

    /** @param hold the validation thread checks nothing before finish(), so that both threads check */
    private Outcome run(String master, String dialect, boolean streamed, boolean hold) throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.resourceDirs(), List.of(), new RecordingLog())) {
            return runtime.call(() -> {
                Database database = Databases.offline(dialect, runtime.resourceAccessor());
                ChangelogSettings settings = ChangelogSettings.of(null);
                if (!streamed) {
                    LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, master, settings, database);
                    ChangelogValidator.Result r = ChangelogValidator.validate(loaded, database);
                    return new Outcome(r.problems().stream().map(Problem::format).toList(), r.checked(), r.skippedByDbms(), 0,
                            loaded.changeSets().size(), 0);
                }
                List<ChangeSet> heard = new ArrayList<>();
                try (StreamingValidation validation = new StreamingValidation(runtime, database)) {
                    if (hold) {
                        validation.holdChecksUntilFinish();
                    }
                    ParseListener counting = new ParseListener() {
                        @Override
                        public void attempt(SourceMap sources, Set<String> standIns) {
                            heard.clear();
                            validation.attempt(sources, standIns);
                        }

                        @Override
                        public void parsed(ChangeSet changeSet) {
                            heard.add(changeSet);
                            validation.parsed(changeSet);
                        }
                    };
                    LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, master, settings, database, false, counting);
                    int duringParse = heard.size();
                    ChangelogValidator.Result r = validation.finish(loaded, done -> { });
                    return new Outcome(r.problems().stream().map(Problem::format).toList(), r.checked(), r.skippedByDbms(), duringParse,
                            loaded.changeSets().size(), validation.checkedByCaller());
                }
            });
        }
    }

    @Test
    void streamedValidationReportsWhatValidatingAfterTheParseReports() throws Exception {
        tricky();
        for (String dialect : List.of("h2", "mysql", "postgresql")) {
            Outcome after = run(dialect, false);
            Outcome streamed = run(dialect, true);
            assertEquals(after.problems(), streamed.problems(), dialect);
            assertEquals(after.checked(), streamed.checked(), dialect);
            assertEquals(after.skipped(), streamed.skipped(), dialect);
            // every changeset of the tree reached the validation before the parse returned
            assertEquals(streamed.total(), streamed.heardDuringParse(), dialect);
        }
        List<String> problems = run("mysql", true).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("db.changelog-master.xml::1::ana is defined twice (first at src/main/resources/db/changelog/db.changelog-master.xml:6)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("columnDataType is required")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("${undefined}")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("dbms 'postgres'")), problems.toString());
    }

    @Test
    void whenTheParseEndsFirstBothThreadsValidateAndReportWhatOneThreadReports() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String id = i % 50 == 49 ? String.valueOf(i - 40) : String.valueOf(i); // a duplicate now and then
            String attributes = i % 7 == 3 ? " dbms=\"postgresql\"" : "";
            String change = switch (i % 4) {
                case 0 -> "<createTable tableName=\"t" + i + "\"><column name=\"id\" type=\"int\"/></createTable>";
                case 1 -> "<dropNotNullConstraint tableName=\"t\" columnName=\"c" + i + "\"/>"; // error and warning on mysql
                case 2 -> "<sql>select " + (i % 30 == 2 ? "${undefined}" : String.valueOf(i)) + "</sql>";
                default -> "<addColumn tableName=\"t\"><column name=\"c" + i + "\" type=\"varchar(10)\"/></addColumn>";
            };
            body.append("<changeSet id=\"").append(id).append("\" author=\"ana\"").append(attributes).append(">")
                    .append(change).append("</changeSet>\n");
        }
        write(project, MASTER, xml(body.toString()));
        for (String dialect : List.of("mysql", "h2", "postgresql")) {
            Outcome after = run(MASTER.substring("src/main/resources/".length()), dialect, false, false);
            Outcome shared = run(MASTER.substring("src/main/resources/".length()), dialect, true, true);
            assertEquals(after.problems(), shared.problems(), dialect);
            assertEquals(after.checked(), shared.checked(), dialect);
            assertEquals(after.skipped(), shared.skipped(), dialect);
            assertTrue(shared.checkedByCaller() > 0, dialect + ": the caller of finish() validated nothing");
        }
        List<String> mysql = run(MASTER.substring("src/main/resources/".length()), "mysql", true, true).problems();
        // Liquibase reports the same warning text once: on the first changeset that has it
        assertEquals(1, mysql.stream().filter(p -> p.contains("Due to mysql SQL limitations")).count(), mysql.toString());
        assertTrue(mysql.get(0).contains("::1::ana"), mysql.get(0));
    }

    @Test
    void aYamlMasterIsNotHeardAndIsValidatedAfterTheParse() throws Exception {
        write(project, "src/main/resources/db/changelog/master.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: y1
                      author: ana
                      changes:
                        - dropNotNullConstraint: {tableName: a, columnName: id}
                """);
        Outcome streamed = run("db/changelog/master.yaml", "mysql", true);
        assertEquals(0, streamed.heardDuringParse());
        assertEquals(run("db/changelog/master.yaml", "mysql", false).problems(), streamed.problems());
        assertTrue(streamed.problems().get(0).startsWith("src/main/resources/db/changelog/master.yaml:2: changeset db/changelog/master.yaml::y1::ana:"
                + " columnDataType is required for dropNotNullConstraint on mysql"), streamed.problems().toString());
    }

    @Test
    void aFailedParseLeavesNoValidationThreadBehind() throws Exception {
        String many = dev.schemacode.core.TestFiles.createTables(300, "", "int");
        write(project, MASTER, xml(many + "<include file=\"missing.xml\" relativeToChangelogFile=\"true\"/>"));
        ProjectLayout layout = ProjectLayout.standard(project);
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.resourceDirs(), List.of(), new RecordingLog())) {
            runtime.call(() -> {
                Database database = Databases.offline("h2", runtime.resourceAccessor());
                try (StreamingValidation validation = new StreamingValidation(runtime, database)) {
                    org.junit.jupiter.api.Assertions.assertThrows(dev.schemacode.core.problem.SchemaFailure.class, () -> ChangelogLoader.load(
                            runtime, layout, "db/changelog/db.changelog-master.xml", ChangelogSettings.of(null), database, false, validation));
                }
                return null;
            });
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("schemacode-validation") && t.isAlive()),
                "the validation thread still runs after close()");
    }
}
