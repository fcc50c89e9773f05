package dev.schemacode.core.lock;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checksum cache under target/schema: an unchanged changelog is not checksummed again, and
 * nothing that changes a checksum (the changelog, a parameter it uses, an sqlFile it reads) is
 * ever answered from the cache.
 */
class ChecksumCacheTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog(true);

    private static final String DIR = "src/main/resources/db/changelog/";
    private static final String BODY = """
            <changeSet id="1" author="ana">
              <createTable tableName="${prefix}customer"><column name="id" type="bigint"><constraints primaryKey="true"/></column></createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <sqlFile path="seed.sql" relativeToChangelogFile="true"/>
              <rollback/>
            </changeSet>""";

    private Schemacode core() {
        return new Schemacode(ProjectLayout.standard(project), log, false);
    }

    private ChangelogSettings settings(String prefix) {
        return new ChangelogSettings(null, null, null, Map.of("prefix", prefix), null, null);
    }

    private String lockCheckLine() {
        List<String> lines = log.lines.stream().filter(l -> l.contains("lock check: ")).toList();
        log.lines.clear();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).replaceAll(" from \\S+,", " from the cache,");
    }

    @Test
    void anUnchangedChangelogIsAnsweredFromTheCacheAndAnyChangeIsNot() throws Exception {
        write(project, DIR + "db.changelog-master.xml", xml(BODY));
        write(project, DIR + "seed.sql", "INSERT INTO t VALUES (1);\n");
        core().lock(settings("app_"), Set.of());
        core().validate(settings("app_"), TestFiles.noRules());
        assertEquals("DEBUG lock check: 0 checksums from the cache, 2 computed", lockCheckLine());
        assertTrue(Files.isRegularFile(project.resolve("target/schema/" + ChecksumCache.FILE_NAME)));
        core().validate(settings("app_"), TestFiles.noRules());
        // the sqlFile changeset depends on seed.sql: never cached
        assertEquals("DEBUG lock check: 1 checksums from the cache, 1 computed", lockCheckLine());

        // an edited referenced SQL file is still caught
        write(project, DIR + "seed.sql", "INSERT INTO t VALUES (2);\n");
        SchemaFailure edited = assertThrows(SchemaFailure.class, () -> core().validate(settings("app_"), TestFiles.noRules()));
        assertTrue(edited.getMessage().contains("::2::ana was edited after it was released"), edited.getMessage());
        write(project, DIR + "seed.sql", "INSERT INTO t VALUES (1);\n");

        // another value of a parameter the changelog uses changes the checksum: caught, not cached
        SchemaFailure parameter = assertThrows(SchemaFailure.class, () -> core().validate(settings("shop_"), TestFiles.noRules()));
        assertTrue(parameter.getMessage().contains("::1::ana was edited after it was released"), parameter.getMessage());

        // an edited changelog is caught too
        write(project, DIR + "db.changelog-master.xml", xml(BODY.replace("bigint", "int")));
        SchemaFailure changed = assertThrows(SchemaFailure.class, () -> core().validate(settings("app_"), TestFiles.noRules()));
        assertTrue(changed.getMessage().contains("::1::ana was edited after it was released"), changed.getMessage());
    }

    @Test
    void theKeyFollowsTheFilesAndTheParametersTheyUse() throws Exception {
        write(project, DIR + "db.changelog-master.xml", xml(BODY));
        write(project, DIR + "seed.sql", "INSERT INTO t VALUES (1);\n");
        core().lock(settings("app_"), Set.of());
        core().validate(settings("app_"), TestFiles.noRules());
        String text = Files.readString(project.resolve("target/schema/" + ChecksumCache.FILE_NAME));
        assertTrue(text.startsWith("schemacode-checksums 1 "), text);
        assertTrue(text.contains("db/changelog/db.changelog-master.xml::1::ana 9:"), text);
        assertTrue(!text.contains("::2::ana"), "the sqlFile changeset is not cached: " + text);
    }
}
