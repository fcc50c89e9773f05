package dev.schemacode.core.lock;

import dev.schemacode.core.TestFiles;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumLockTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.yaml";
    private static final String LOCK = "src/main/resources/db/changelog/schema.lock";

    private static final String ONE = """
            <changeSet id="1" author="ana">
              <createTable tableName="customer"><column name="id" type="int"/></createTable>
            </changeSet>""";
    private static final String TWO = """
            <changeSet id="2" author="ana">
              <createTable tableName="orders"><column name="id" type="int"/></createTable>
            </changeSet>""";

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, false);
    }

    private void changelog(String body, String sql) {
        write(project, MASTER, """
                databaseChangeLog:
                  - include:
                      file: changes/a.xml
                      relativeToChangelogFile: true
                  - include:
                      file: changes/b.sql
                      relativeToChangelogFile: true
                """);
        write(project, "src/main/resources/db/changelog/changes/a.xml", xml(body));
        write(project, "src/main/resources/db/changelog/changes/b.sql", sql);
    }

    private static final String SQL = """
            --liquibase formatted sql

            --changeset ben:s1
            create table audit (id int);
            --rollback drop table audit;
            """;

    @Test
    void aDuplicateOfAReleasedChangesetIsReportedAsADuplicateNotAsAnEdit() throws Exception {
        String duplicate = """
                <changeSet id="2" author="ana">
                  <createTable tableName="other"><column name="id" type="bigint"/></createTable>
                </changeSet>""";
        // a YAML master (validated after the parse) and an XML master (validated while it is parsed);
        // the new definition after the released one, then before it
        for (String master : List.of("yaml", "xml", "yaml-before", "xml-before")) {
            String changed = master.endsWith("before") ? ONE + duplicate + TWO : ONE + TWO + duplicate;
            ChangelogSettings settings = ChangelogSettings.of(null);
            if (master.startsWith("yaml")) {
                changelog(ONE + TWO, SQL);
            } else {
                write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(ONE + TWO));
                settings = new ChangelogSettings("db/changelog/db.changelog-master.xml", null, null, java.util.Map.of(), null, null);
            }
            core().lock(settings, Set.of());
            if (master.startsWith("yaml")) {
                changelog(changed, SQL);
            } else {
                write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(changed));
            }
            ChangelogSettings used = settings;
            SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(used));
            List<String> problems = failure.problems().stream().map(p -> p.format()).toList();
            assertTrue(problems.stream().anyMatch(p -> p.contains("::2::ana is defined twice")), master + ": " + problems);
            // it names the released definition and points at the new one, wherever the new one was added
            String file = master.startsWith("yaml") ? "src/main/resources/db/changelog/changes/a.xml"
                    : "src/main/resources/db/changelog/db.changelog-master.xml";
            String duplicateLine = problems.stream().filter(p -> p.contains("defined twice")).findFirst().orElseThrow();
            int newLine = lineOf(project.resolve(file), "tableName=\"other\"") - 1;
            int releasedLine = lineOf(project.resolve(file), "tableName=\"orders\"") - 1;
            assertTrue(duplicateLine.startsWith(file + ":" + newLine + ": "), master + ": " + duplicateLine);
            assertTrue(duplicateLine.contains("the one at " + file + ":" + releasedLine + " is released (recorded in schema.lock), so give the new one at "
                    + file + ":" + newLine + " another id"), master + ": " + duplicateLine);
            // the reports judge each definition where it is: the new one's findings are new, the released one's are history
            com.fasterxml.jackson.databind.JsonNode findings = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(project.resolve("target/schema/validate.json").toFile()).get("findings");
            List<String> seen = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode f : findings) {
                if (f.get("changeset").asText().endsWith("::2::ana") && f.get("rule").asText().equals("table-without-primary-key")) {
                    seen.add(f.get("line").asInt() + " released=" + f.get("released").asBoolean() + " " + f.get("message").asText());
                }
            }
            assertEquals(2, seen.size(), master + ": " + seen);
            assertTrue(seen.stream().anyMatch(f -> f.startsWith(newLine + " released=false") && f.contains("table other")), master + ": " + seen);
            assertTrue(seen.stream().anyMatch(f -> f.startsWith(releasedLine + " released=true") && f.contains("table orders")), master + ": " + seen);
            assertTrue(problems.stream().noneMatch(p -> p.contains("edited")), master + ": " + problems);
            // schema:lock and schema:selftest say the same as validate
            SchemaFailure atLock = assertThrows(SchemaFailure.class, () -> core().lock(used, Set.of()));
            SchemaFailure atSelfTest = assertThrows(SchemaFailure.class, () -> core().selfTest(used, SelfTestConfig.defaults()));
            for (SchemaFailure other : List.of(atLock, atSelfTest)) {
                assertTrue(other.problems().stream().map(p -> p.format()).anyMatch(duplicateLine::equals), master + ": " + other.problems());
            }
            Files.delete(project.resolve(LOCK));
            Files.deleteIfExists(project.resolve(MASTER));
        }
    }

    /** @return the 1-based number of the first line containing {@code text} */
    private static int lineOf(Path file, String text) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void lockIsByteIdenticalAcrossRunsAndLineEndings() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        byte[] first = Files.readAllBytes(project.resolve(LOCK));
        String text = new String(first, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("schemacode-lock 1 for h2\ndb/changelog/changes/a.xml::1::ana 9:"), text);
        assertEquals(4, text.split("\n").length);
        core().lock(ChangelogSettings.of(null), Set.of());
        assertArrayEquals(first, Files.readAllBytes(project.resolve(LOCK)));
        assertTrue(log.at("INFO").get(log.at("INFO").size() - 1).endsWith("3 changesets recorded, 0 new (unchanged)"), log.lines.toString());
        try (Stream<Path> files = Files.walk(project.resolve("src/main/resources/db/changelog"))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("schema.lock") && Files.isRegularFile(p)).toList()) {
                Files.writeString(f, Files.readString(f).replace("\n", "\r\n"));
            }
        }
        core().lock(ChangelogSettings.of(null), Set.of());
        assertArrayEquals(first, Files.readAllBytes(project.resolve(LOCK)));
        core().validate(ChangelogSettings.of(null));
    }

    @Test
    void anEditedReleasedChangesetFailsValidateAtItsLineAndSaysHowToProceed() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        changelog(ONE.replace("type=\"int\"", "type=\"bigint\"") + TWO, SQL);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/a.xml:6: changeset "
                + "db/changelog/changes/a.xml::1::ana was edited after it was released (src/main/resources/db/changelog/schema.lock:2 has 9:"),
                failure.getMessage());
        assertTrue(failure.getMessage().endsWith("write a new changeset instead, or if the edit is deliberate and not deployed anywhere"
                + " yet, run mvn schema:lock -Dschema.lock.accept=db/changelog/changes/a.xml::1::ana"), failure.getMessage());
        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> core().lock(ChangelogSettings.of(null), Set.of()));
        assertTrue(refused.getMessage().contains("-Dschema.lock.accept=db/changelog/changes/a.xml::1::ana"), refused.getMessage());
        core().lock(ChangelogSettings.of(null), Set.of("db/changelog/changes/a.xml::1::ana"));
        assertTrue(log.at("INFO").stream().anyMatch(l -> l.startsWith("accepted db/changelog/changes/a.xml::1::ana: 9:")), log.lines.toString());
        core().validate(ChangelogSettings.of(null));
    }

    @Test
    void releasedChangesetsAreNotValidatedAgainForTheDialectTheLockWasRecordedFor() throws Exception {
        // mysql needs columnDataType on dropNotNullConstraint; h2 does not
        String nullable = """
                <changeSet id="nn" author="ana">
                  <dropNotNullConstraint tableName="customer" columnName="id"/>
                </changeSet>""";
        changelog(ONE + nullable, SQL);
        ChangelogSettings mysql = new ChangelogSettings(null, null, null, java.util.Map.of(), null, "mysql");
        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> core().lock(mysql, Set.of()));
        assertTrue(refused.getMessage().contains("columnDataType is required"), "the lock validates for its target first: " + refused.getMessage());

        core().lock(ChangelogSettings.of(null), Set.of());
        assertTrue(Files.readString(project.resolve(LOCK)).startsWith("schemacode-lock 1 for h2\n"));
        core().lock(new ChangelogSettings(null, null, null, java.util.Map.of(), null, "postgresql"), Set.of());
        assertTrue(log.at("INFO").contains("schema:lock src/main/resources/db/changelog/schema.lock: 3 changesets recorded, 0 new,"
                + " now for postgresql (was h2)"), "a change of target is said: " + log.lines);
        core().lock(ChangelogSettings.of(null), Set.of());
        RecordingLog detailed = new RecordingLog(true);
        new Schemacode(ProjectLayout.standard(project), detailed, false).validate(ChangelogSettings.of(null));
        assertTrue(detailed.at("DEBUG").contains("3 released changesets match src/main/resources/db/changelog/schema.lock exactly:"
                + " not validated by Liquibase again, as it does not validate changesets a database has run"), detailed.lines.toString());

        // Recorded for h2, so validated for h2 only: for mysql every changeset is validated.
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(mysql));
        String errors = String.join("\n", failure.problems().stream().map(p -> p.format()).toList());
        assertTrue(errors.contains("::nn::ana") && errors.contains("columnDataType is required"), errors);
    }

    @Test
    void aChangesetLeftOutByDbmsForAnotherDialectIsNotGoneFromTheChangelog() throws Exception {
        String byDbms = """
                <changeSet id="my" author="ana" dbms="mysql">
                  <createTable tableName="only_mysql"><column name="id" type="int"/></createTable>
                </changeSet>
                <changeSet id="pg" author="ana" dbms="postgresql">
                  <createTable tableName="only_pg"><column name="id" type="int"/></createTable>
                </changeSet>""";
        changelog(ONE + byDbms, SQL);
        ChangelogSettings mysql = new ChangelogSettings(null, null, null, java.util.Map.of(), null, "mysql");
        ChangelogSettings postgresql = new ChangelogSettings(null, null, null, java.util.Map.of(), null, "postgresql");
        core().lock(mysql, Set.of());
        String lock = Files.readString(project.resolve(LOCK));
        assertTrue(lock.startsWith("schemacode-lock 1 for mysql\n") && lock.contains("::my::ana ") && !lock.contains("::pg::ana "), lock);
        // validating for another dialect: the mysql changeset is still there, only not run on postgresql
        core().validate(postgresql);
        assertTrue(log.at("ERROR").isEmpty(), log.lines.toString());
        // re-recording for another dialect would drop it: refused, saying why and how
        SchemaFailure refused = assertThrows(SchemaFailure.class, () -> core().lock(postgresql, Set.of()));
        assertTrue(refused.getMessage().contains("released changeset db/changelog/changes/a.xml::my::ana is not run on postgresql"
                + " (its dbms excludes it), but this lock was recorded for mysql; run schema:lock with that targetDatabase"), refused.getMessage());
    }

    @Test
    void aValidCheckSumInTheChangelogIsHonouredAsLiquibaseHonoursIt() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        String recorded = Files.readAllLines(project.resolve(LOCK)).get(1).split(" ")[1];
        changelog(ONE.replace("type=\"int\"", "type=\"bigint\"").replace("<createTable",
                "<validCheckSum>" + recorded + "</validCheckSum>\n  <createTable") + TWO, SQL);
        core().validate(ChangelogSettings.of(null));
        assertEquals(List.of(), log.at("WARN"));
    }

    @Test
    void runOnChangeChangesetsMayChange() throws Exception {
        String view = """
                <changeSet id="v" author="dee" runOnChange="true">
                  <createView viewName="customer_ids" replaceIfExists="true">select id from customer</createView>
                </changeSet>""";
        changelog(ONE + view, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        changelog(ONE + view.replace("select id", "select id, id as id2"), SQL);
        core().validate(ChangelogSettings.of(null));
        core().lock(ChangelogSettings.of(null), Set.of());
        assertTrue(log.at("INFO").get(log.at("INFO").size() - 1).endsWith("3 changesets recorded, 0 new"), log.lines.toString());
    }

    @Test
    void anAcceptThatMatchesNothingIsReported() throws Exception {
        changelog(ONE, SQL);
        core().lock(ChangelogSettings.of(null), Set.of("db/changelog/changes/a.xml::9::ana"));
        assertEquals(List.of("schema.lock.accept names db/changelog/changes/a.xml::9::ana, which is no edited or removed released"
                + " changeset; check the identity (path::id::author, as the lock lists it)"), log.at("WARN"));
    }

    @Test
    void newChangesetsWarnOnceAndLockAppendsThem() throws Exception {
        changelog(ONE, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        changelog(ONE + TWO, SQL);
        core().validate(ChangelogSettings.of(null), TestFiles.noRules());
        assertEquals(List.of("src/main/resources/db/changelog/schema.lock: 1 new changeset is not in the lock yet"
                + " (db/changelog/changes/a.xml::2::ana); run mvn schema:lock when it is ready to release"), log.at("WARN"));
        core().lock(ChangelogSettings.of(null), Set.of());
        String text = Files.readString(project.resolve(LOCK));
        assertTrue(text.contains("db/changelog/changes/a.xml::2::ana 9:"), text);
    }

    @Test
    void aRemovedReleasedChangesetFailsValidate() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        changelog(ONE, SQL);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/schema.lock:3: released changeset "
                + "db/changelog/changes/a.xml::2::ana is gone from the changelog"), failure.getMessage());
    }

    @Test
    void noLockIsAHintNotAFailure() throws Exception {
        changelog(ONE, SQL);
        core().validate(ChangelogSettings.of(null), TestFiles.noRules());
        assertTrue(log.at("INFO").get(1).endsWith("; no schema.lock yet: run mvn schema:lock and commit it, so an edited released"
                + " changeset fails here instead of on a database"), log.lines.toString());
    }

    @Test
    void aHandMergedLockWithABrokenChainIsReported() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        List<String> lines = Files.readAllLines(project.resolve(LOCK));
        Files.write(project.resolve(LOCK), List.of(lines.get(0), lines.get(2), lines.get(1), lines.get(3)));
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/schema.lock:2: the lock's chain breaks here"),
                failure.getMessage());
    }

    @Test
    void aLockFromAnOlderChecksumVersionIsFlaggedWithTheValidCheckSumToAdd() throws Exception {
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        // Rewrite the lock as an older Liquibase would have: version-8 checksums of the same content.
        List<String> lines = Files.readAllLines(project.resolve(LOCK));
        StringBuilder older = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String identity = line.substring(0, line.indexOf(' '));
            older.append(identity).append(' ').append(v8(identity)).append('\n');
        }
        List<ChecksumLock.Entry> entries = older.toString().lines().map(l -> new ChecksumLock.Entry(l.substring(0, l.indexOf(' ')),
                l.substring(l.indexOf(' ') + 1), 0)).toList();
        Files.writeString(project.resolve(LOCK), ChecksumLock.render(entries, "h2"));
        core().validate(ChangelogSettings.of(null));
        assertTrue(log.at("WARN").stream().anyMatch(l -> l.startsWith("src/main/resources/db/changelog/schema.lock:1: 3 entries of the lock"
                + " use another checksum version than this Liquibase's (9)")), log.lines.toString());
        // An edit under the old version: the message names the validCheckSum line.
        changelog(ONE.replace("type=\"int\"", "type=\"bigint\"") + TWO, SQL);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core().validate(ChangelogSettings.of(null)));
        assertTrue(failure.problems().stream().anyMatch(p -> p.format().contains("recorded with checksum version 8; if the content is"
                + " unchanged and only Liquibase's checksum changed, add <validCheckSum>8:")), failure.problems().toString());
    }

    /** The version-8 checksum of a changeset, as Liquibase before 4.22 computed it. */
    private String v8(String identity) throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        try (dev.schemacode.core.liquibase.LiquibaseRuntime runtime = dev.schemacode.core.liquibase.LiquibaseRuntime.open(
                layout.resourceDirs(), List.of(), log)) {
            return runtime.call(() -> {
                dev.schemacode.core.changelog.LoadedChangelog loaded = dev.schemacode.core.changelog.ChangelogLoader.load(runtime,
                        layout, "db/changelog/db.changelog-master.yaml", ChangelogSettings.of(null),
                        dev.schemacode.core.liquibase.Databases.offline("h2", runtime.resourceAccessor()));
                return loaded.changeSets().stream()
                        .filter(cs -> dev.schemacode.core.changelog.SourceMap.identity(cs).equals(identity)).findFirst().orElseThrow()
                        .generateCheckSum(liquibase.ChecksumVersion.V8).toString();
            });
        }
    }

    private String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return process.exitValue() + " " + output;
    }

    @Test
    void twoBranchesThatEachAddAChangesetConflictInTheLock() throws Exception {
        changelog(ONE, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        assertTrue(git("init", "-q").startsWith("0"));
        git("add", "-A");
        assertTrue(git("commit", "-q", "-m", "release 1").startsWith("0"));
        git("checkout", "-q", "-b", "feature-a");
        changelog(ONE + TWO, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        git("commit", "-q", "-am", "a adds orders");
        git("checkout", "-q", "main");
        git("checkout", "-q", "-b", "feature-b");
        changelog(ONE + TWO.replace("id=\"2\"", "id=\"3\"").replace("orders", "invoices"), SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        git("commit", "-q", "-am", "b adds invoices");
        String merge = git("merge", "feature-a");
        assertTrue(merge.contains("CONFLICT (content): Merge conflict in src/main/resources/db/changelog/schema.lock"), merge);
        assertTrue(Files.readString(project.resolve(LOCK)).contains("<<<<<<<"));
        // Recovery as the README says: merge the changelogs, take one side of the lock, run schema:lock.
        changelog(ONE + TWO + TWO.replace("id=\"2\"", "id=\"3\"").replace("orders", "invoices"), SQL);
        SchemaFailure markers = assertThrows(SchemaFailure.class, () -> core().lock(ChangelogSettings.of(null), Set.of()));
        assertTrue(markers.getMessage().startsWith("src/main/resources/db/changelog/schema.lock:3: the lock still holds git"
                + " merge-conflict markers"), markers.getMessage());
        git("checkout", "--theirs", "--", LOCK);
        core().lock(ChangelogSettings.of(null), Set.of());
        String text = Files.readString(project.resolve(LOCK));
        assertTrue(text.contains("::2::ana 9:") && text.contains("::3::ana 9:"), text);
        core().validate(ChangelogSettings.of(null));
    }

    @Test
    void withALockTheSelfTestMustRollBackEveryNewChangeset() throws Exception {
        changelog(ONE, SQL);
        core().lock(ChangelogSettings.of(null), Set.of());
        changelog(ONE + """
                <changeSet id="seed" author="ana">
                  <insert tableName="customer"><column name="id" valueNumeric="1"/></insert>
                </changeSet>""", SQL);
        SchemaFailure failure = assertThrows(SchemaFailure.class,
                () -> core().selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults()));
        assertTrue(failure.getMessage().startsWith("src/main/resources/db/changelog/changes/a.xml:8: changeset "
                + "db/changelog/changes/a.xml::seed::ana is new (not in schema.lock) and its rollback cannot be tested: insert has no"
                + " automatic rollback"), failure.getMessage());
    }
}
