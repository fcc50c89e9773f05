package dev.schemacode.core.selftest;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfTestTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    private SelfTestResult run(RollbackTest mode, String body) throws Exception {
        write(project, MASTER, xml(body));
        return new Schemacode(ProjectLayout.standard(project), log, false)
                .selfTest(ChangelogSettings.of(null), new SelfTestConfig(mode, null));
    }

    private static final String TABLES = """
            <changeSet id="1" author="ana">
              <createTable tableName="customer"><column name="id" type="int"/></createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <insert tableName="customer"><column name="id" valueNumeric="1"/></insert>
            </changeSet>
            <changeSet id="3" author="ben">
              <addColumn tableName="customer"><column name="email" type="varchar(100)"/></addColumn>
            </changeSet>
            <changeSet id="4" author="ben">
              <createIndex tableName="customer" indexName="ix_email"><column name="email"/></createIndex>
            </changeSet>
            """;

    @Test
    void anEngineSettingTheChosenEngineIgnoresIsWarnedAbout() throws Exception {
        write(project, MASTER, xml(TABLES));
        new Schemacode(ProjectLayout.standard(project), log, false).selfTest(ChangelogSettings.of(null),
                new SelfTestConfig(RollbackTest.AUTO, null, dev.schemacode.core.engine.EngineKind.H2, "16", null, null));
        assertTrue(log.at("WARN").contains("selftestEngineVersion applies to selftestEngine=postgresql or mariadb; it is ignored on H2"),
                log.lines.toString());
    }

    @Test
    void autoSaysSoWhenTheNewestChangesetAlreadyCannotRollBack() throws Exception {
        SelfTestResult result = run(RollbackTest.AUTO, TABLES + """
                <changeSet id="5" author="ana"><sql>update customer set id = id + 1</sql></changeSet>
                """);
        assertEquals(0, result.rolledBack());
        assertEquals("rollback not tested: the newest applied changeset cannot roll back; stopped at "
                + "db/changelog/db.changelog-master.xml::5::ana (src/main/resources/db/changelog/db.changelog-master.xml:18): "
                + "sql has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing",
                result.rollbackCoverage());
    }

    @Test
    void autoRollsBackAsFarAsTheChangelogAllowsAndSaysWhyItStopped() throws Exception {
        SelfTestResult result = run(RollbackTest.AUTO, TABLES);
        assertEquals(4, result.total());
        assertEquals(4, result.applied());
        assertEquals(2, result.rolledBack());
        assertEquals(2, result.reapplied());
        assertEquals("rollback tested for the newest 2 of 4 applied changesets; stopped at "
                + "db/changelog/db.changelog-master.xml::2::ana (src/main/resources/db/changelog/db.changelog-master.xml:9): "
                + "insert has no automatic rollback — add a rollback, or an empty one if undoing it needs nothing",
                result.rollbackCoverage());
        String summary = log.at("INFO").get(1);
        assertTrue(summary.startsWith("schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: "
                + "4 changesets: 4 applied, 2 rolled back, 2 re-applied, 0 skipped"), summary);
    }

    @Test
    void anEmptyRollbackLetsAutoGoAllTheWay() throws Exception {
        SelfTestResult result = run(RollbackTest.AUTO, TABLES.replace(
                "<insert tableName=\"customer\"><column name=\"id\" valueNumeric=\"1\"/></insert>",
                "<insert tableName=\"customer\"><column name=\"id\" valueNumeric=\"1\"/></insert><rollback/>"));
        assertEquals(4, result.rolledBack());
        assertEquals("rollback tested for all 4 applied changesets", result.rollbackCoverage());
    }

    @Test
    void allFailsOnAChangesetWithoutRollbackNamingIt() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.ALL, TABLES));
        assertEquals("src/main/resources/db/changelog/db.changelog-master.xml:9: changeset db/changelog/db.changelog-master.xml::2::ana"
                + " cannot be rolled back (rollbackTest=all): insert has no automatic rollback — add a rollback, or an empty one"
                + " if undoing it needs nothing", failure.getMessage());
    }

    @Test
    void noneOnlyUpdates() throws Exception {
        SelfTestResult result = run(RollbackTest.NONE, TABLES);
        assertEquals(0, result.rolledBack());
        assertEquals("rollback not tested (rollbackTest=none)", result.rollbackCoverage());
    }

    @Test
    void brokenExplicitRollbackFailsWithTheChangesetAndTheDatabaseError() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.AUTO, """
                <changeSet id="t1" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                  <rollback><sql>DROP TABLE does_not_exist</sql></rollback>
                </changeSet>"""));
        String message = failure.getMessage();
        assertTrue(message.startsWith("src/main/resources/db/changelog/db.changelog-master.xml:6: changeset "
                + "db/changelog/db.changelog-master.xml::t1::ana failed to roll back on H2: "), message);
        assertTrue(message.contains("DOES_NOT_EXIST"), message);
        assertEquals(1, failure.problems().size());
    }

    @Test
    void failingUpdateNamesChangesetAndSaysWhenItIsEngineSpecific() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.AUTO, """
                <changeSet id="ok" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="pg-only" author="ana">
                  <sql>CREATE EXTENSION IF NOT EXISTS pgcrypto</sql>
                </changeSet>"""));
        String message = failure.getMessage();
        assertTrue(message.startsWith("src/main/resources/db/changelog/db.changelog-master.xml:9: changeset "
                + "db/changelog/db.changelog-master.xml::pg-only::ana failed to apply on H2: "), message);
        assertTrue(message.endsWith("— H2 cannot parse this SQL: fix it, or if it is written for another database, self-test on"
                + " that engine with -Dschema.selftestEngine=postgresql (or mariadb), or limit the changeset to it with dbms=\"...\""),
                message);
    }

    @Test
    void aMissingTableGetsNoEngineHint() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.AUTO, """
                <changeSet id="t1" author="ana">
                  <sql>INSERT INTO no_such_table VALUES (1)</sql>
                </changeSet>"""));
        assertTrue(failure.getMessage().contains("Table \"NO_SUCH_TABLE\" not found"), failure.getMessage());
        assertTrue(!failure.getMessage().contains("dbms="), failure.getMessage());
    }

    @Test
    void failedPreconditionSaysWhichOne() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.AUTO, """
                <changeSet id="p1" author="ana">
                  <preConditions onFail="HALT"><tableExists tableName="nonexistent"/></preConditions>
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        assertTrue(failure.getMessage().contains("failed to apply on H2: precondition failed: "), failure.getMessage());
        assertTrue(failure.getMessage().toLowerCase().contains("nonexistent"), failure.getMessage());
    }

    @Test
    void filtersThatExcludeEverythingFailTheSelfTest() throws Exception {
        write(project, MASTER, xml(TABLES));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> new Schemacode(ProjectLayout.standard(project), log, false)
                .selfTest(new ChangelogSettings(null, null, "@liquibase.labels@", Map.of(), null, null), SelfTestConfig.defaults()));
        assertTrue(failure.getMessage().contains("the self-test applied no changeset: all 4 were skipped by context/label/dbms filters"),
                failure.getMessage());
    }

    @Test
    void rollbackRunsOnAFreshConnectionSoSessionStateCannotHideAFailure() {
        // The update leaves a session-local temporary table behind; a rollback that relies on it
        // would pass on the same connection but fails on a new one, as on a real target.
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> run(RollbackTest.AUTO, """
                <changeSet id="s1" author="ana">
                  <sql>CREATE LOCAL TEMPORARY TABLE scratch (id int)</sql>
                  <rollback><sql>DROP TABLE scratch</sql></rollback>
                </changeSet>"""));
        assertTrue(failure.getMessage().contains("::s1::ana failed to roll back"), failure.getMessage());
    }

    @Test
    void contextAndLabelFiltersAreCountedAsSkipped() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="2" author="ana" context="test">
                  <createTable tableName="b"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="3" author="ana" labels="slow">
                  <createTable tableName="c"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="4" author="ana" dbms="oracle">
                  <createTable tableName="d"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        SelfTestResult result = new Schemacode(ProjectLayout.standard(project), log, false).selfTest(
                new ChangelogSettings(null, "prod", "!slow", Map.of(), null, null), SelfTestConfig.defaults());
        assertEquals(4, result.total());
        assertEquals(1, result.applied());
        assertEquals(3, result.skipped());
    }

    @Test
    void changelogParametersAreSubstituted() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="${prefix}customer"><column name="id" type="int"/></createTable>
                </changeSet>"""));
        SelfTestResult result = new Schemacode(ProjectLayout.standard(project), log, false).selfTest(
                new ChangelogSettings(null, null, null, Map.of("prefix", "app_"), null, null), SelfTestConfig.defaults());
        assertEquals(1, result.rolledBack());
    }

    @Test
    void parallelSelfTestsNeverShareADatabase() throws Exception {
        int n = 4;
        List<Path> projects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = project.resolve("m" + i);
            write(p, MASTER, xml(TABLES));
            projects.add(p);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<SelfTestResult>> results = new ArrayList<>();
            for (Path p : projects) {
                results.add(pool.submit(() -> new Schemacode(ProjectLayout.standard(p), new RecordingLog(), false)
                        .selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults())));
            }
            for (Future<SelfTestResult> f : results) {
                // Sharing a database would make the second "createTable customer" fail.
                assertEquals(4, f.get().applied());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownH2ModeIsRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SelfTestConfig(RollbackTest.AUTO, "Postgres"));
        assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
    }

    @Test
    void h2ModeIsUsed() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <sql>CREATE TABLE t (id int); INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING</sql>
                  <rollback><sql>DROP TABLE t</sql></rollback>
                </changeSet>"""));
        SelfTestResult result = new Schemacode(ProjectLayout.standard(project), log, false)
                .selfTest(ChangelogSettings.of(null), new SelfTestConfig(RollbackTest.AUTO, "postgresql"));
        assertEquals("H2 (PostgreSQL mode)", result.engine());
        assertEquals(1, result.rolledBack());
    }
}
