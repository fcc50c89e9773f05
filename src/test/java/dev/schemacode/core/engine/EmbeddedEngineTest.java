package dev.schemacode.core.engine;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.selftest.SelfTestResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The self-test on embedded PostgreSQL and MariaDB started from the binaries on the test class path. */
class EmbeddedEngineTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog(true);
    private final ClasspathArtifacts artifacts = new ClasspathArtifacts();

    private static final String EXAMPLE = Path.of("changelogs/db.changelog-master.yaml").toAbsolutePath().toString();
    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";

    @BeforeAll
    static void binaries() {
        ClasspathArtifacts.requireBinaries();
    }

    private SelfTestResult selfTest(String changelog, SelfTestConfig config) throws Exception {
        return new Schemacode(ProjectLayout.standard(project), log, false)
                .selfTest(new ChangelogSettings(changelog, "demo", null, Map.of(), null, null), config, artifacts, null);
    }

    private static SelfTestConfig on(EngineKind engine) {
        return new SelfTestConfig(RollbackTest.AUTO, null, engine, null, null, null);
    }

    @BeforeEach
    void reachable() throws Exception {
        // As root, PostgreSQL runs as nobody, which must reach target/ (JUnit makes temp dirs 0700).
        Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** @return the pids of the servers started so far, from their "started" detail lines */
    private List<Long> serverPids() {
        List<Long> pids = new java.util.ArrayList<>();
        java.util.regex.Matcher m;
        for (String line : log.lines) {
            m = java.util.regex.Pattern.compile(" started in .*, pid (\\d+), port \\d+, home (.*)$").matcher(line);
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
                assertTrue(m.group(2).startsWith(project.resolve("target/schema-engine").toString()), line);
            }
        }
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @ParameterizedTest
    @EnumSource(value = EngineKind.class, names = {"POSTGRESQL", "MARIADB"})
    void theExampleRunsTheSameCycleAndReportOnTheEngineAsOnH2(EngineKind engine) throws Exception {
        SelfTestResult h2 = selfTest(EXAMPLE, on(EngineKind.H2));
        SelfTestResult real = selfTest(EXAMPLE, on(engine));
        assertEquals(engine == EngineKind.POSTGRESQL ? "PostgreSQL 17.11" : "MariaDB 11.4.5", real.engine());
        assertEquals(List.of(h2.total(), h2.applied(), h2.rolledBack(), h2.reapplied(), h2.skipped()),
                List.of(real.total(), real.applied(), real.rolledBack(), real.reapplied(), real.skipped()));
        assertEquals(21, real.rolledBack());
        assertEquals(h2.rollbackCoverage(), real.rollbackCoverage());
        String summary = log.at("INFO").stream().filter(l -> l.contains(" on " + real.engine() + " (")).findFirst().orElseThrow();
        assertTrue(summary.startsWith("schema:selftest "), summary);
        assertTrue(log.at("INFO").stream().anyMatch(l -> l.endsWith("on an embedded " + real.engine())), log.lines.toString());
        // stopped afterwards
        assertEquals(1, serverPids().size(), log.lines.toString());
        assertFalse(alive(serverPids().get(0)), "server still running after the self-test");
    }

    @Test
    void theDataDirectoryIsCreatedOnceAndReusedByTheNextExecution() throws Exception {
        selfTest(EXAMPLE, on(EngineKind.POSTGRESQL));
        selfTest(EXAMPLE, on(EngineKind.POSTGRESQL));
        List<String> starts = log.lines.stream().filter(l -> l.contains("PostgreSQL 17.11 started in")).toList();
        assertEquals(2, starts.size(), log.lines.toString());
        assertTrue(starts.get(0).contains("data directory created"), starts.get(0));
        assertTrue(starts.get(1).contains("data directory reused"), starts.get(1));
    }

    @Test
    void sqlWrittenForPostgresFailsOnH2NamingTheSwitchAndPassesOnPostgres() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <sql>CREATE TABLE booking (id int, during tstzrange)</sql>
                  <rollback>DROP TABLE booking</rollback>
                </changeSet>"""));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> selfTest(null,
                new SelfTestConfig(RollbackTest.AUTO, null, EngineKind.H2, null, null, EngineKind.POSTGRESQL)));
        assertTrue(failure.getMessage().contains("failed to apply on H2"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-Dschema.selftestEngine=postgresql"), failure.getMessage());
        SelfTestResult result = selfTest(null, on(EngineKind.POSTGRESQL));
        assertEquals(1, result.rolledBack());
    }

    @Test
    void changesetsLimitedToAnotherEngineAreNamedWithTheSwitchThatTestsThem() throws Exception {
        write(project, MASTER, xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="person"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="2" author="ana" dbms="postgresql">
                  <sql>CREATE INDEX person_brin ON person USING brin (id)</sql>
                  <rollback>DROP INDEX person_brin</rollback>
                </changeSet>"""));
        SelfTestResult onH2 = selfTest(null, on(EngineKind.H2));
        assertEquals(1, onH2.applied());
        assertTrue(log.at("WARN").contains("1 changeset is limited by dbms to other databases (PostgreSQL) and was not self-tested"
                + " on H2; self-test it on its engine with -Dschema.selftestEngine=postgresql"), log.lines.toString());
        log.lines.clear();
        SelfTestResult onPostgres = selfTest(null, on(EngineKind.POSTGRESQL));
        assertEquals(2, onPostgres.applied());
        assertTrue(log.at("WARN").stream().noneMatch(l -> l.contains("dbms")), log.lines.toString());
    }

    @Test
    void asRootAProjectNobodyCanEnterKeepsNoDataOutsideTarget() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ServerProcess.runningAsRoot(), "only root runs PostgreSQL as nobody");
        Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (java.util.stream.Stream<Path> before = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            Set<Path> tmpBefore = before.filter(p -> p.getFileName().toString().startsWith("schemacode-postgresql")).collect(Collectors.toSet());
            SelfTestResult result = selfTest(EXAMPLE, on(EngineKind.POSTGRESQL));
            assertEquals(21, result.applied());
            String started = log.lines.stream().filter(l -> l.contains("started in")).findFirst().orElseThrow();
            assertTrue(started.contains("data directory created") && !started.contains(project.toString()), started);
            try (java.util.stream.Stream<Path> after = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertEquals(tmpBefore, after.filter(p -> p.getFileName().toString().startsWith("schemacode-postgresql"))
                        .collect(Collectors.toSet()), "a data directory was left in the temporary directory");
            }
        } finally {
            Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void h2ResolvesNothing() throws Exception {
        selfTest(EXAMPLE, on(EngineKind.H2));
        assertEquals(List.of(), artifacts.requested);
    }

    @Test
    void aVersionThatIsNotOfferedIsRefusedListingThoseThatAre() {
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> selfTest(EXAMPLE,
                new SelfTestConfig(RollbackTest.AUTO, null, EngineKind.POSTGRESQL, "12", null, null)));
        assertEquals("selftestEngineVersion 12 is not offered for PostgreSQL on linux-amd64; use one of 13, 14, 15, 16, 17, 18"
                + " (or a full version of one of them, e.g. 13.23.0)", failure.getMessage());
        assertEquals(List.of(), artifacts.requested);
    }

    @Test
    void aKilledBuildLeavesNoServerRunningAndTheNextRunStartsCleanly() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EngineChild.class.getName(),
                project.resolve("target").toString()).redirectErrorStream(true).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // skip the child's other output
            }
            assertTrue(line != null, "the child JVM ended before its server was ready");
            pid = Long.parseLong(line.split(" ")[1]);
        }
        assertTrue(alive(pid));
        assertEquals("postgres", Path.of(ProcessHandle.of(pid).get().info().command().orElseThrow()).getFileName().toString());
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        child.waitFor(10, TimeUnit.SECONDS);
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isPresent()) {
            server.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(alive(pid), "PostgreSQL outlived the killed JVM");
        SelfTestResult next = selfTest(EXAMPLE, on(EngineKind.POSTGRESQL));
        assertEquals(21, next.applied());
        assertFalse(alive(serverPids().get(0)), "server still running after the next self-test");
    }

    @Test
    void aServerLeftRunningOnTheDataDirectoryIsStoppedBeforeTheNextStarts() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "300").start();
        Path pidFile = project.resolve("left.pid");
        Files.writeString(pidFile, leftover.pid() + "\n/some/data\n");
        ServerProcess.stopLeftover(pidFile, "sleep", "a test server", log);
        assertTrue(leftover.waitFor(15, TimeUnit.SECONDS), "the leftover process was not stopped");
        assertTrue(log.at("WARN").get(0).startsWith("stopping a test server (pid " + leftover.pid() + ") that an earlier,"
                + " interrupted build left running"), log.lines.toString());

        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(pidFile, unrelated.pid() + "\n");
            ServerProcess.stopLeftover(pidFile, "postgres", "PostgreSQL", SchemaLog.silent());
            assertTrue(unrelated.isAlive(), "a process that is not the server was stopped");
        } finally {
            unrelated.destroyForcibly();
        }
    }

    static String classPath() {
        return System.getProperty("java.class.path").replace(File.pathSeparator, "\n");
    }
}
