package dev.schemacode.core.lock;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.changelog.ChangelogLoader;
import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the checksum cache confirms before its key is known counts only if the key then matches. */
class LockComparisonTest {

    @TempDir
    Path project;

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";
    private static final String ONE = "<changeSet id=\"1\" author=\"ana\"><createTable tableName=\"a\"><column name=\"id\" type=\"int\"/></createTable></changeSet>";
    private static final String TWO = "<changeSet id=\"2\" author=\"ana\"><createTable tableName=\"b\"><column name=\"id\" type=\"int\"/></createTable></changeSet>";

    private Map<String, Boolean> compare(ChecksumLock.Recorded recorded, ChecksumCache.Stored stored, String keyAfterParse) throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.resourceDirs(), List.of(), new RecordingLog())) {
            return runtime.call(() -> {
                LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, "db/changelog/db.changelog-master.xml",
                        ChangelogSettings.of(null), Databases.offline("h2", runtime.resourceAccessor()));
                LockComparison comparison = new LockComparison(recorded, stored);
                loaded.changeSets().forEach(comparison::compare);
                return Map.copyOf(comparison.complete(loaded, keyAfterParse));
            });
        }
    }

    @Test
    void aCacheConfirmationCountsOnlyWhenTheKeyMatches() throws Exception {
        write(project, MASTER, xml(ONE + TWO));
        new Schemacode(ProjectLayout.standard(project), new RecordingLog(), false).lock(ChangelogSettings.of(null), Set.of());
        ChecksumLock.Recorded recorded = ChecksumLock.read(project.resolve("src/main/resources/db/changelog/schema.lock"));
        String one = "db/changelog/db.changelog-master.xml::1::ana";
        String two = "db/changelog/db.changelog-master.xml::2::ana";
        // changeset 1 is edited after the cache was written; the cache still holds the released checksum
        write(project, MASTER, xml(ONE.replace("\"int\"", "\"bigint\"") + TWO));
        ChecksumCache.Stored stale = new ChecksumCache.Stored("key-before-the-edit", Map.of(one, recorded.entries().get(one).checkSum()));

        assertEquals(Map.of(one, false, two, true), compare(recorded, stale, "key-after-the-edit"), "the edit is found: the key differs");
        // only a matching key lets the cache answer (which is why the key covers every file's bytes)
        assertEquals(Map.of(one, true, two, true), compare(recorded, stale, "key-before-the-edit"));
        assertEquals(Map.of(one, false, two, true), compare(recorded, new ChecksumCache.Stored(null, Map.of()), null));
    }
}
