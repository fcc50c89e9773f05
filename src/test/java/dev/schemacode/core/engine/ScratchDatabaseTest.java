package dev.schemacode.core.engine;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.TestDatabase;
import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.selftest.SelfTestResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code selftestUrl}: the self-test on an external scratch database of the real servers of this machine. */
class ScratchDatabaseTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final String EXAMPLE = Path.of("changelogs/db.changelog-master.yaml").toAbsolutePath().toString();
    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    private SelfTestResult selfTest(String changelog, Target scratch) throws Exception {
        return new Schemacode(ProjectLayout.standard(project), log, false).selfTest(
                new ChangelogSettings(changelog, "demo", null, Map.of(), null, null),
                new SelfTestConfig(RollbackTest.AUTO, null, EngineKind.H2, null, scratch, null));
    }

    private static void execute(TestDatabase db, String... statements) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void anEmptyScratchDatabaseRunsTheCycleAndIsEmptyAfterwards(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            SelfTestResult result = selfTest(EXAMPLE, db.target());
            assertEquals(21, result.applied());
            assertEquals(21, result.rolledBack());
            assertTrue(result.engine().startsWith(kind.equals("postgresql") ? "PostgreSQL (scratch database jdbc:postgresql://"
                    : "MariaDB (scratch database jdbc:mariadb://"), result.engine());
            assertEquals(Set.of(), db.tables());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aDatabaseHoldingTablesNoSelfTestLeftIsRefusedAndLeftAlone(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            execute(db, "CREATE TABLE invoices (id INT)");
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> selfTest(EXAMPLE, db.target()));
            assertEquals("the scratch database " + db.url() + " is not empty: it holds 1 object (invoices) that no self-test"
                    + " left, and the self-test empties its database afterwards; point <selftestUrl> at an empty database kept"
                    + " for self-tests", failure.getMessage());
            assertEquals(Set.of("invoices"), db.tables());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void whatAnInterruptedSelfTestLeftIsClearedFirst(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            execute(db, "CREATE TABLE " + ExternalScratch.MARKER + " (started_at VARCHAR(40))", "CREATE TABLE customers (id INT)");
            SelfTestResult result = selfTest(EXAMPLE, db.target());
            assertEquals(21, result.applied());
            assertTrue(log.at("INFO").stream().anyMatch(l -> l.contains("holds what an earlier, interrupted self-test left (2 objects):"
                    + " emptying it first")), log.lines.toString());
            assertEquals(Set.of(), db.tables());
        }
    }

    @org.junit.jupiter.api.Test
    void postgresTypesRoutinesAndNewExtensionsAreRemovedAndTheDatabasesOwnExtensionsKept() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <sql>CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE TYPE mood AS ENUM ('sad', 'ok')</sql>
                  <rollback>DROP TYPE mood</rollback>
                </changeSet>
                <changeSet id="2" author="ana">
                  <createTable tableName="person"><column name="id" type="bigint"/><column name="feeling" type="mood"/></createTable>
                </changeSet>
                <changeSet id="3" author="ana">
                  <sql splitStatements="false">CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'</sql>
                  <rollback>DROP FUNCTION answer()</rollback>
                </changeSet>"""));
        try (TestDatabase db = TestDatabase.postgres()) {
            execute(db, "CREATE EXTENSION citext");
            selfTest(null, db.target());
            selfTest(null, db.target()); // the second run finds nothing left by the first
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                java.sql.ResultSet types = s.executeQuery("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE n.nspname = 'public' AND t.typtype = 'e'");
                types.next();
                assertEquals(0, types.getInt(1), "enum types left");
                java.sql.ResultSet extensions = s.executeQuery("SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension");
                extensions.next();
                assertEquals("citext,plpgsql", extensions.getString(1));
                java.sql.ResultSet routines = s.executeQuery("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'public' AND p.proname = 'answer'");
                routines.next();
                assertEquals(0, routines.getInt(1), "function left");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aFailingSelfTestStillLeavesTheDatabaseEmpty(String kind) throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="person"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="2" author="ana">
                  <addColumn tableName="no_such_table"><column name="x" type="int"/></addColumn>
                </changeSet>"""));
        try (TestDatabase db = TestDatabase.of(kind)) {
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> selfTest(null, db.target()));
            assertTrue(failure.getMessage().contains("::2::ana failed to apply on "), failure.getMessage());
            assertEquals(Set.of(), db.tables());
        }
    }
}
