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
import dev.schemacode.core.config.Secret;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deploys to real PostgreSQL and MariaDB servers (a database per test) and to an H2 file. */
class DeployTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final String EXAMPLE = Path.of("changelogs/db.changelog-master.yaml").toAbsolutePath().toString();

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    private static final String TWO_TABLES = """
            <changeSet id="1" author="ana">
              <createTable tableName="customer"><column name="id" type="int"/></createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <createTable tableName="orders"><column name="id" type="int"/></createTable>
            </changeSet>""";

    private DeployConfig config() {
        return new DeployConfig(null, false, false, Duration.ofSeconds(30), project.resolve("target/schema"));
    }

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, false);
    }

    private static int historyRows(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + db.historyTable())) {
            r.next();
            return r.getInt(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void deploysTheExampleThenASecondDeployAppliesNothing(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            DeployResult first = core().deploy(new ChangelogSettings(EXAMPLE, "demo", null, Map.of(), null, null), db.target(), config());
            assertEquals(21, first.applied().size());
            assertTrue(db.tables().containsAll(List.of("customers", "books", "orders", "order_items", "reviews", "order_totals")),
                    db.tables().toString());
            assertEquals(21, historyRows(db));
            assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith("applied changes/001-customers.xml::001-create-customers::ana (")),
                    "one audit line per changeset: " + log.lines);
            DeployResult second = core().deploy(new ChangelogSettings(EXAMPLE, "demo", null, Map.of(), null, null), db.target(), config());
            assertEquals(0, second.applied().size());
            assertEquals(21, second.alreadyApplied());
        }
    }

    @Test
    void deploysToAnH2File() throws Exception {
        Target target = Target.of("jdbc:h2:file:" + project.resolve("target/schema-db/app"), "sa", Secret.empty());
        write(project, MASTER, xml(TWO_TABLES));
        DeployResult result = core().deploy(ChangelogSettings.of(null), target, config());
        assertEquals(2, result.applied().size());
        assertEquals(0, core().deploy(ChangelogSettings.of(null), target, config()).applied().size());
    }

    @Test
    void anEditedAppliedChangesetIsRefusedAndNothingIsApplied() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES));
            core().deploy(ChangelogSettings.of(null), db.target(), config());
            write(project, MASTER, xml(TWO_TABLES.replace("tableName=\"orders\"><column name=\"id\" type=\"int\"/>",
                    "tableName=\"orders\"><column name=\"id\" type=\"bigint\"/>") + """
                    <changeSet id="3" author="ben">
                      <createTable tableName="invoice"><column name="id" type="int"/></createTable>
                    </changeSet>"""));
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), db.target(), config()));
            assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/db.changelog-master.xml:9: changeset "
                    + "db/changelog/db.changelog-master.xml::2::ana was edited after it was applied to this target"), failure.getMessage());
            assertFalse(db.tables().contains("invoice"), "nothing applied");
        }
    }

    @Test
    void changesetsUnknownToTheChangelogAreRefusedUnlessAllowed() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb()) {
            write(project, MASTER, xml(TWO_TABLES));
            core().deploy(ChangelogSettings.of(null), db.target(), config());
            write(project, MASTER, xml(TWO_TABLES.substring(0, TWO_TABLES.indexOf("<changeSet id=\"2\""))));
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), db.target(), config()));
            assertTrue(failure.getMessage().startsWith("1 changeset is applied on jdbc:mariadb://127.0.0.1:3306/"), failure.getMessage());
            assertTrue(failure.getMessage().contains("db/changelog/db.changelog-master.xml::2::ana"), failure.getMessage());
            DeployConfig allow = new DeployConfig(null, false, true, Duration.ofSeconds(30), project.resolve("target/schema"));
            assertEquals(0, core().deploy(ChangelogSettings.of(null), db.target(), allow).applied().size());
        }
    }

    @Test
    void dryRunWritesTheSqlAndChangesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES));
            DeployConfig dry = new DeployConfig(null, true, false, Duration.ofSeconds(30), project.resolve("target/schema"));
            DeployResult result = core().deploy(ChangelogSettings.of(null), db.target(), dry);
            Path sql = project.resolve("target/schema/deploy-" + db.url().substring(db.url().lastIndexOf('/') + 1) + ".sql");
            assertEquals(sql, result.sqlFile());
            String text = Files.readString(sql);
            assertTrue(text.contains("CREATE TABLE public.customer"), text);
            assertTrue(text.contains("INSERT INTO public.databasechangelog"), text);
            assertEquals(Set0(), db.tables());
        }
    }

    private static java.util.Set<String> Set0() {
        return java.util.Set.of();
    }

    @Test
    void tagIsSetAfterADeploy() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES));
            DeployConfig tagged = new DeployConfig("1.0.0", false, false, Duration.ofSeconds(30), project.resolve("target/schema"));
            core().deploy(ChangelogSettings.of(null), db.target(), tagged);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT tag FROM databasechangelog WHERE id = '2'")) {
                r.next();
                assertEquals("1.0.0", r.getString(1));
            }
        }
    }

    @Test
    void aFailingChangesetStopsTheDeployAndARerunResumes() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES + """
                    <changeSet id="3" author="ben">
                      <sql>INSERT INTO no_such_table VALUES (1)</sql>
                    </changeSet>
                    <changeSet id="4" author="ben">
                      <createTable tableName="after_failure"><column name="id" type="int"/></createTable>
                    </changeSet>"""));
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), db.target(), config()));
            assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/db.changelog-master.xml:11: changeset "
                    + "db/changelog/db.changelog-master.xml::3::ben failed on jdbc:postgresql://127.0.0.1:5432/"), failure.getMessage());
            assertTrue(failure.getMessage().contains("no_such_table"), failure.getMessage());
            assertEquals(2, historyRows(db));
            assertFalse(db.tables().contains("after_failure"));
            write(project, MASTER, xml(TWO_TABLES + """
                    <changeSet id="3" author="ben">
                      <createTable tableName="no_such_table"><column name="id" type="int"/></createTable>
                    </changeSet>
                    <changeSet id="4" author="ben">
                      <createTable tableName="after_failure"><column name="id" type="int"/></createTable>
                    </changeSet>"""));
            assertEquals(2, core().deploy(ChangelogSettings.of(null), db.target(), config()).applied().size());
        }
    }

    @Test
    void twoDeploysAtOnceApplyEachChangesetOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                body.append("<changeSet id=\"").append(i).append("\" author=\"gen\"><createTable tableName=\"t").append(i)
                        .append("\"><column name=\"id\" type=\"int\"/></createTable></changeSet>\n");
            }
            write(project, MASTER, xml(body.toString()));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<DeployResult>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> core().deploy(ChangelogSettings.of(null), db.target(), config())));
                }
                int applied = 0;
                for (Future<DeployResult> run : runs) {
                    applied += run.get().applied().size();
                }
                assertEquals(20, applied, "each changeset applied by exactly one of the two deploys");
                assertEquals(20, historyRows(db));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOOT-INF/classes/db/changelog/db.changelog-master.xml", "src/main/resources/db/changelog/db.changelog-master.xml"})
    void aChangesetRecordedUnderAnotherPathFormIsRefused(String recorded) throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES));
            core().deploy(ChangelogSettings.of(null), db.target(), config());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE databasechangelog SET filename = '" + recorded + "' WHERE id = '1'");
            }
            write(project, MASTER, xml(TWO_TABLES + """
                    <changeSet id="3" author="ben">
                      <createTable tableName="invoice"><column name="id" type="int"/></createTable>
                    </changeSet>"""));
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), db.target(), config()));
            assertTrue(failure.getMessage().contains("was applied as " + recorded + "::1::ana and would run again"),
                    failure.getMessage());
            assertFalse(db.tables().contains("invoice"));
        }
    }

    @Test
    void aWrongPasswordNeverShowsInTheError() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb()) {
            write(project, MASTER, xml(TWO_TABLES));
            String secret = "s3cr3t-Pa55";
            Target target = Target.of(db.url() + "?password=" + secret, "root", Secret.of(secret));
            SchemaError error = assertThrows(SchemaError.class, () -> core().deploy(ChangelogSettings.of(null), target, config()));
            assertTrue(error.getMessage().startsWith("cannot connect to jdbc:mariadb://127.0.0.1:3306/"), error.getMessage());
            assertFalse(error.getMessage().contains(secret), error.getMessage());
            assertTrue(log.lines.stream().noneMatch(l -> l.contains(secret)), log.lines.toString());
        }
    }

    @Test
    void historyTableNamesComeFromSpringBootWhenThePomLeavesThemUnset() throws Exception {
        Target target = Target.of("jdbc:h2:file:" + project.resolve("target/schema-db/app"), "sa", Secret.empty());
        write(project, MASTER, xml(TWO_TABLES));
        write(project, "src/main/resources/application.yml", """
                spring:
                  liquibase:
                    database-change-log-table: APP_HISTORY
                    database-change-log-lock-table: APP_HISTORY_LOCK
                """);
        new Schemacode(ProjectLayout.standard(project), log, true).deploy(ChangelogSettings.of(null), target, config());
        try (Connection c = java.sql.DriverManager.getConnection(target.url(), "sa", "");
                ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM APP_HISTORY")) {
            r.next();
            assertEquals(2, r.getInt(1));
        }
    }

    @Test
    void aPasswordInsideTheUrlIsMaskedInDriverMessages() throws Exception {
        write(project, MASTER, xml(TWO_TABLES));
        String secret = "Pw-Secret-9f8e7d";
        Target target = Target.of("jdbc:mariadb://dt_user:" + secret + "@127.0.0.1:3306/dt_nosuch", null, Secret.empty());
        Exception error = assertThrows(Exception.class, () -> core().deploy(ChangelogSettings.of(null), target, config()));
        assertFalse(error.getMessage().contains(secret), error.getMessage());
        assertFalse(error.getMessage().contains(" as null"), error.getMessage());
        assertTrue(log.lines.stream().noneMatch(l -> l.contains(secret)), log.lines.toString());
    }

    @Test
    void aMisspeltUrlSchemeIsNamedAsSuch() {
        write(project, MASTER, xml(TWO_TABLES));
        SchemaFailure notJdbc = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null),
                Target.of("postgresql://127.0.0.1/x", null, Secret.empty()), config()));
        assertTrue(notJdbc.getMessage().contains("is not a JDBC URL; it starts with jdbc:"), notJdbc.getMessage());
        SchemaFailure typo = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null),
                Target.of("jdbc:postgres://127.0.0.1/x", null, Secret.empty()), config()));
        assertTrue(typo.getMessage().endsWith("did you mean jdbc:postgresql:…?"), typo.getMessage());
    }

    @Test
    void aLockRowHeldByAnApplicationIsWaitedForThenNamedWithWhatToDo() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            write(project, MASTER, xml(TWO_TABLES));
            core().deploy(ChangelogSettings.of(null), db.target(), config());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'app-pod-7' WHERE id = 1");
            }
            DeployConfig quick = new DeployConfig(null, false, false, Duration.ofSeconds(2), project.resolve("target/schema"));
            long start = System.nanoTime();
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), db.target(), quick));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds < 30, "waited lockTimeout (2 s), not whole minutes: " + seconds + " s");
            assertTrue(failure.getMessage().contains("is held by app-pod-7 since"), failure.getMessage());
            assertTrue(failure.getMessage().endsWith("if its owner is gone, release it with schema:unlock"), failure.getMessage());
            assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith("waiting up to 2 s (lockTimeout) for Liquibase's lock on")),
                    log.lines.toString());
        }
    }

    @Test
    void deployWarnsWhenTheShippedCopyIsOlderThanTheSource() throws Exception {
        Target target = Target.of("jdbc:h2:file:" + project.resolve("target/schema-db/app"), "sa", Secret.empty());
        Path copy = write(project, "target/classes/db/changelog/db.changelog-master.xml", xml(TWO_TABLES));
        Path source = write(project, MASTER, xml(TWO_TABLES));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 60_000));
        core().deploy(ChangelogSettings.of(null), target, config());
        assertEquals(List.of("1 changelog file in the resource directories is newer than the copy in target/classes that"
                + " schema:deploy reads; run the build through process-resources (e.g. mvn verify) to use the latest edits"),
                log.at("WARN"));
    }

    @Test
    void aDeployWithoutContextsOfAChangelogThatUsesThemIsWarnedAbout() throws Exception {
        Target target = Target.of("jdbc:h2:file:" + project.resolve("target/schema-db/example"), "sa", Secret.empty());
        core().deploy(ChangelogSettings.of(EXAMPLE), target, config());
        assertTrue(log.at("WARN").contains("the changelog binds changesets to contexts (demo) but this deploy sets none, so every"
                + " changeset runs whatever its context, test and sample data too; set <contexts> (-Dschema.contexts) for this target"), log.lines.toString());
        log.lines.clear();
        core().deploy(new ChangelogSettings(EXAMPLE, "demo", null, Map.of(), null, null), target, config());
        assertTrue(log.at("WARN").isEmpty(), log.lines.toString());
    }

    @Test
    void aMissingDriverNamesTheCoordinatesToAdd() {
        write(project, MASTER, xml(TWO_TABLES));
        Target target = Target.of("jdbc:sqlserver://db.example:1433;databaseName=shop", "sa", Secret.of("x"));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().deploy(ChangelogSettings.of(null), target, config()));
        assertTrue(failure.getMessage().contains("<groupId>com.microsoft.sqlserver</groupId><artifactId>mssql-jdbc</artifactId>"),
                failure.getMessage());
    }
}
