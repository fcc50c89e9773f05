package dev.schemacode.core.changelog;

import static dev.schemacode.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelogLocatorTest {

    @TempDir
    Path project;

    @Test
    void findsSpringBootDefaultYamlWithNoConfiguration() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", "databaseChangeLog: []\n");
        ChangelogLocator.Located located = ChangelogLocator.locate(ProjectLayout.standard(project), null);
        assertEquals("db/changelog/db.changelog-master.yaml", located.path());
        assertNull(located.extraRoot());
    }

    @Test
    void prefersYamlThenYmlThenXml() throws Exception {
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", "<x/>");
        write(project, "src/main/resources/db/changelog/db.changelog-master.yml", "databaseChangeLog: []\n");
        assertEquals("db/changelog/db.changelog-master.yml",
                ChangelogLocator.locate(ProjectLayout.standard(project), null).path());
    }

    @Test
    void missingDefaultListsEveryPlaceLookedAt() {
        SchemaFailure failure = assertThrows(SchemaFailure.class,
                () -> ChangelogLocator.locate(ProjectLayout.standard(project), null));
        String message = failure.getMessage();
        for (String candidate : ChangelogLocator.DEFAULT_LOCATIONS) {
            assertTrue(message.contains("src/main/resources/" + candidate), message);
        }
        assertTrue(message.contains("changeLogFile"), message);
    }

    @Test
    void projectRelativePathInsideResourcesBecomesClasspathRelative() throws Exception {
        write(project, "src/main/resources/db/master.xml", "<x/>");
        ChangelogLocator.Located located = ChangelogLocator.locate(ProjectLayout.standard(project),
                "src/main/resources/db/master.xml");
        assertEquals("db/master.xml", located.path());
        assertNull(located.extraRoot());
    }

    @Test
    void classpathRelativePathIsAccepted() throws Exception {
        write(project, "src/main/resources/db/master.xml", "<x/>");
        assertEquals("db/master.xml", ChangelogLocator.locate(ProjectLayout.standard(project), "db/master.xml").path());
        assertEquals("db/master.xml", ChangelogLocator.locate(ProjectLayout.standard(project), "classpath:/db/master.xml").path());
    }

    @Test
    void fileOutsideResourcesIsReadFromItsOwnDirectory() throws Exception {
        write(project, "changelogs/master.yaml", "databaseChangeLog: []\n");
        ChangelogLocator.Located located = ChangelogLocator.locate(ProjectLayout.standard(project), "changelogs/master.yaml");
        assertEquals("master.yaml", located.path());
        assertEquals(project.resolve("changelogs").toAbsolutePath().normalize(), located.extraRoot());
    }

    @Test
    void missingExplicitFileNamesWhereItLooked() {
        SchemaFailure failure = assertThrows(SchemaFailure.class,
                () -> ChangelogLocator.locate(ProjectLayout.standard(project), "db/nope.xml"));
        assertTrue(failure.getMessage().contains("changelog db/nope.xml not found"), failure.getMessage());
        assertTrue(failure.getMessage().contains("src/main/resources/db/nope.xml"), failure.getMessage());
    }
}
