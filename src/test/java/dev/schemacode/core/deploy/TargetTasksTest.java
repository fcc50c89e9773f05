package dev.schemacode.core.deploy;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.TestDatabase;
import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.DeployConfig;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, history, rollback, baseline and unlock against a real PostgreSQL database. */
class TargetTasksTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    private static final String V1 = """
            <changeSet id="1" author="ana">
              <createTable tableName="customer"><column name="id" type="int"/></createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <createTable tableName="orders"><column name="id" type="int"/></createTable>
            </changeSet>""";

    private static final String V2 = V1 + """
            <changeSet id="3" author="ben">
              <addColumn tableName="customer"><column name="email" type="varchar(100)"/></addColumn>
            </changeSet>
            <changeSet id="4" author="ben">
              <createTable tableName="invoice"><column name="id" type="int"/></createTable>
            </changeSet>""";

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, false);
    }

    private DeployConfig config(String tag, boolean dryRun) {
        return new DeployConfig(tag, dryRun, false, Duration.ofSeconds(30), project.resolve("target/schema"));
    }

    @Test
    void statusListsPendingChangesetsAndCanFail() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            write(project, MASTER, xml(V2));
            TargetTasks.Status status = core().onTarget("schema:status", ChangelogSettings.of(null), db.target(),
                    config(null, false), tasks -> tasks.status(false));
            assertEquals(List.of("db/changelog/db.changelog-master.xml::3::ben", "db/changelog/db.changelog-master.xml::4::ben"),
                    status.pending());
            assertTrue(log.at("INFO").contains("pending db/changelog/db.changelog-master.xml::3::ben (src/main/resources/db/changelog/db.changelog-master.xml:11)"),
                    log.lines.toString());
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().onTarget("schema:status",
                    ChangelogSettings.of(null), db.target(), config(null, false), tasks -> tasks.status(true)));
            assertTrue(failure.getMessage().endsWith("is not up to date: 2 pending changesets, 0 drift problems (failIfPending)"),
                    failure.getMessage());
        }
    }

    @Test
    void rollbackToATagRestoresThePreviousSchema() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config("v1", false));
            write(project, MASTER, xml(V2));
            core().deploy(ChangelogSettings.of(null), db.target(), config("v2", false));
            assertTrue(db.tables().contains("invoice"));
            List<String> dry = core().onTarget("schema:rollback", ChangelogSettings.of(null), db.target(), config(null, true),
                    tasks -> tasks.rollback(new TargetTasks.RollbackRequest("v1", null, null)));
            assertEquals(2, dry.size());
            assertTrue(Files.readString(project.resolve("target/schema/rollback-" + db.url().substring(db.url().lastIndexOf('/') + 1)
                    + ".sql")).contains("DROP TABLE public.invoice"));
            assertTrue(db.tables().contains("invoice"), "a dry run changes nothing");
            List<String> rolledBack = core().onTarget("schema:rollback", ChangelogSettings.of(null), db.target(), config(null, false),
                    tasks -> tasks.rollback(new TargetTasks.RollbackRequest("v1", null, null)));
            assertEquals(List.of("db/changelog/db.changelog-master.xml::4::ben", "db/changelog/db.changelog-master.xml::3::ben"),
                    rolledBack);
            assertFalse(db.tables().contains("invoice"));
            assertEquals("2 rows, tag v1", db.history());
        }
    }

    @Test
    void statusOnAnEmptyDatabaseCreatesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            TargetTasks.Status status = core().onTarget("schema:status", ChangelogSettings.of(null), db.target(),
                    config(null, false), tasks -> tasks.status(false));
            assertEquals(2, status.pending().size());
            assertEquals(java.util.Set.of(), db.tables(), "status only reads");
        }
    }

    @Test
    void rollbackNamesTheChangesetThatCannotBeRolledBackAndRefusesTooLargeACount() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1 + """
                    <changeSet id="5" author="cleo">
                      <sql>INSERT INTO customer VALUES (1)</sql>
                    </changeSet>"""));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            SchemaFailure tooMany = assertThrows(SchemaFailure.class, () -> core().onTarget("schema:rollback", ChangelogSettings.of(null),
                    db.target(), config(null, false), tasks -> tasks.rollback(new TargetTasks.RollbackRequest(null, 50, null))));
            assertTrue(tooMany.getMessage().startsWith("rollbackCount 50 is more than the 3 changesets applied"), tooMany.getMessage());
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().onTarget("schema:rollback", ChangelogSettings.of(null),
                    db.target(), config(null, false), tasks -> tasks.rollback(new TargetTasks.RollbackRequest(null, 1, null))));
            assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/db.changelog-master.xml:11: changeset "
                    + "db/changelog/db.changelog-master.xml::5::cleo failed to roll back on"), failure.getMessage());
        }
    }

    @Test
    void reusingATagForNewChangesetsIsWarnedAbout() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config("1.0.0", false));
            write(project, MASTER, xml(V2));
            core().deploy(ChangelogSettings.of(null), db.target(), config("1.0.0", false));
            assertTrue(log.at("WARN").stream().anyMatch(l -> l.startsWith("tag 1.0.0 already marked an earlier deploy of")),
                    log.lines.toString());
        }
    }

    @Test
    void rollbackDateTakesAnInstantOrADateAndRollsBackWhatCameAfter() throws Exception {
        assertEquals(java.time.Instant.parse("2026-11-29T00:00:00Z"), TargetTasks.RollbackRequest.parseDate("2026-11-29"));
        assertEquals(java.time.Instant.parse("2026-11-29T09:00:00Z"), TargetTasks.RollbackRequest.parseDate("2026-11-29T10:00:00+01:00"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> TargetTasks.RollbackRequest.parseDate("29/11/2026"));
        assertTrue(bad.getMessage().startsWith("rollbackDate must be ISO-8601"), bad.getMessage());
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            Thread.sleep(1100);
            java.time.Instant between = java.time.Instant.now();
            Thread.sleep(1100);
            write(project, MASTER, xml(V2));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            List<String> rolledBack = core().onTarget("schema:rollback", ChangelogSettings.of(null), db.target(), config(null, false),
                    tasks -> tasks.rollback(new TargetTasks.RollbackRequest(null, null, between)));
            assertEquals(2, rolledBack.size());
            assertFalse(db.tables().contains("invoice"));
        }
    }

    @Test
    void historyListsWhatWasApplied() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config("1.0", false));
            assertEquals(2, core().onTarget("schema:history", ChangelogSettings.of(null), db.target(), config(null, false),
                    TargetTasks::history).size());
            assertTrue(log.at("INFO").stream().anyMatch(l -> l.contains("db/changelog/db.changelog-master.xml::2::ana  EXECUTED  deployment ")
                    && l.endsWith("tag 1.0")), log.lines.toString());
        }
    }

    @Test
    void baselineRefusesADatabaseThatLacksTheTablesThenRecordsOneThatHasThem() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().onTarget("schema:baseline",
                    ChangelogSettings.of(null), db.target(), config(null, false), tasks -> tasks.baseline(false)));
            assertTrue(failure.getMessage().contains("lacks what the changelog creates: table customer"), failure.getMessage());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customer (id int)");
                s.execute("CREATE TABLE orders (id int)");
            }
            assertEquals(2, core().onTarget("schema:baseline", ChangelogSettings.of(null), db.target(), config(null, false),
                    tasks -> tasks.baseline(false)).size());
            assertEquals(0, core().deploy(ChangelogSettings.of(null), db.target(), config(null, false)).applied().size());
        }
    }

    @Test
    void unlockRefusesAYoungLockAndReleasesAStaleOne() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'killed-app' WHERE id = 1");
            }
            SchemaFailure young = assertThrows(SchemaFailure.class, () -> core().onTarget("schema:unlock", ChangelogSettings.of(null),
                    db.target(), config(null, false), tasks -> tasks.unlock(Duration.ofSeconds(300), false)));
            assertTrue(young.getMessage().contains("held by killed-app is only"), young.getMessage());
            boolean released = core().onTarget("schema:unlock", ChangelogSettings.of(null), db.target(), config(null, false),
                    tasks -> tasks.unlock(Duration.ofSeconds(300), true));
            assertTrue(released);
            assertEquals(0, core().deploy(ChangelogSettings.of(null), db.target(), config(null, false)).applied().size());
        }
    }

    @Test
    void aLockLeftByAKilledSchemacodeDeployIsReleasedByTheNextDeploy() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(V1));
            core().deploy(ChangelogSettings.of(null), db.target(), config(null, false));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE databasechangeloglock SET locked = true, lockgranted = now(),"
                        + " lockedby = 'schemacode deploy on ci-7' WHERE id = 1");
            }
            write(project, MASTER, xml(V2));
            assertEquals(2, core().deploy(ChangelogSettings.of(null), db.target(), config(null, false)).applied().size());
            assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith("released a stale lock left by a killed Schemacode deploy (deploy on ci-7")),
                    log.lines.toString());
        }
    }
}
