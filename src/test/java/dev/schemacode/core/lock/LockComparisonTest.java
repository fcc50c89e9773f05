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

/** Which changesets may skip their validation as released and unchanged, and what the lock check then says. */
class LockComparisonTest {

    @TempDir
    Path project;

    private static final String MASTER = "src/main/resources/db/changelog/db.changelog-master.xml";
    private static final String ONE = "<changeSet id=\"1\" author=\"ana\"><createTable tableName=\"a\"><column name=\"id\" type=\"int\"/></createTable></changeSet>";
    private static final String TWO = "<changeSet id=\"2\" author=\"ana\"><createTable tableName=\"b\"><column name=\"id\" type=\"int\"/></createTable></changeSet>";
    private static final String THREE = "<changeSet id=\"3\" author=\"ana\"><createTable tableName=\"c\"><column name=\"id\" type=\"int\"/></createTable></changeSet>";

    private record Outcome(Map<String, Boolean> releasedUnchanged, Map<String, Boolean> validity) { }

    /** Asks {@link LockComparison#releasedUnchanged} about every changeset, compares the others, completes. */
    private Outcome compare() throws Exception {
        ChecksumLock.Recorded recorded = ChecksumLock.read(project.resolve("src/main/resources/db/changelog/schema.lock"));
        ProjectLayout layout = ProjectLayout.standard(project);
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.resourceDirs(), List.of(), new RecordingLog())) {
            return runtime.call(() -> {
                LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, "db/changelog/db.changelog-master.xml",
                        ChangelogSettings.of(null), Databases.offline("h2", runtime.resourceAccessor()));
                LockComparison comparison = new LockComparison(recorded);
                Map<String, Boolean> skipped = new java.util.TreeMap<>();
                loaded.changeSets().forEach(cs -> {
                    boolean released = comparison.releasedUnchanged(cs);
                    skipped.put(cs.getId(), released);
                    if (!released) {
                        comparison.compare(cs);
                    }
                });
                return new Outcome(skipped, Map.copyOf(comparison.complete(loaded)));
            });
        }
    }

    private void lock() throws Exception {
        new Schemacode(ProjectLayout.standard(project), new RecordingLog(), false).lock(ChangelogSettings.of(null), Set.of());
    }

    @Test
    void onlyChangesetsRecordedWithExactlyTheirChecksumAreReleasedAndUnchanged() throws Exception {
        write(project, MASTER, xml(ONE + TWO));
        lock();
        ChecksumLock.Recorded recorded = ChecksumLock.read(project.resolve("src/main/resources/db/changelog/schema.lock"));
        String two = recorded.entries().get("db/changelog/db.changelog-master.xml::2::ana").checkSum();
        // 1 is edited, 2 is edited but accepted by a validCheckSum, 3 is new
        write(project, MASTER, xml(ONE.replace("\"int\"", "\"bigint\"")
                + TWO.replace("\"int\"", "\"bigint\"").replace("<createTable", "<validCheckSum>" + two + "</validCheckSum><createTable")
                + THREE));
        Outcome edited = compare();
        assertEquals(Map.of("1", false, "2", false, "3", false), edited.releasedUnchanged(), "all three must be validated");
        assertEquals(Map.of("db/changelog/db.changelog-master.xml::1::ana", false, "db/changelog/db.changelog-master.xml::2::ana", true),
                edited.validity(), "the lock check still fails the edit and honours the validCheckSum");

        write(project, MASTER, xml(ONE + TWO + THREE));
        Outcome unchanged = compare();
        assertEquals(Map.of("1", true, "2", true, "3", false), unchanged.releasedUnchanged());
        assertEquals(Map.of("db/changelog/db.changelog-master.xml::1::ana", true, "db/changelog/db.changelog-master.xml::2::ana", true),
                unchanged.validity());
    }
}
