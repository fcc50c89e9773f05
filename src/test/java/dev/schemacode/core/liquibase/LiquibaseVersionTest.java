package dev.schemacode.core.liquibase;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Liquibase version Schemacode names is the engine's, whatever else the project's class path holds. */
class LiquibaseVersionTest {

    @TempDir
    Path project;

    @Test
    void theVersionIsTheOneOfTheJarLiquibaseRunsFrom() throws Exception {
        String jar = Path.of(liquibase.Scope.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        assertNotNull(LiquibaseVersion.exact());
        assertEquals("liquibase-core-" + LiquibaseVersion.exact() + ".jar", jar);
    }

    /**
     * Liquibase keeps the first answer of {@code LiquibaseUtil#getBuildVersion} for the JVM, so this
     * fails on the old code only when no earlier test asked Liquibase first (run alone, it does).
     */
    @Test
    void aProjectShippingAnotherLiquibasesBuildPropertiesDoesNotChangeTheNamedVersion() throws Exception {
        write(project, "target/classes/liquibase.build.properties", "build.version=5.0.1\n");
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml(
                "<changeSet id=\"1\" author=\"ana\"><createTable tableName=\"a\"><column name=\"id\" type=\"int\"/></createTable></changeSet>"));
        RecordingLog log = new RecordingLog();
        new Schemacode(ProjectLayout.standard(project), log, false).validate(ChangelogSettings.of(null));
        assertTrue(log.at("INFO").get(0).contains("(Liquibase " + LiquibaseVersion.exact() + ")"), log.at("INFO").get(0));
        assertNotEquals("5.0.1", LiquibaseVersion.exact());
    }
}
