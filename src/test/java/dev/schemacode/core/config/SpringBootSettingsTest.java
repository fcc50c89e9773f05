package dev.schemacode.core.config;

import static dev.schemacode.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootSettingsTest {

    @TempDir
    Path project;

    private ChangelogSettings resolve(ChangelogSettings pom, RecordingLog log) throws Exception {
        return SettingsResolver.resolve(pom, SpringBootConfig.read(ProjectLayout.standard(project)), log);
    }

    private static ChangelogSettings empty() {
        return new ChangelogSettings(null, null, null, Map.of(), null, null);
    }

    @Test
    void propertiesFileFillsEverySetting() throws Exception {
        write(project, "src/main/resources/application.properties", """
                server.port=8080
                spring.liquibase.change-log=classpath:db/main.xml
                spring.liquibase.contexts=prod
                spring.liquibase.label-filter=!slow
                spring.liquibase.default-schema=app
                spring.liquibase.parameters.tablePrefix=t_
                """);
        RecordingLog log = new RecordingLog(true);
        ChangelogSettings s = resolve(empty(), log);
        assertEquals("classpath:db/main.xml", s.changeLogFile());
        assertEquals("prod", s.contexts());
        assertEquals("!slow", s.labels());
        assertEquals("app", s.defaultSchema());
        assertEquals(Map.of("tablePrefix", "t_"), s.parameters());
        assertTrue(log.at("DEBUG").contains("contexts = prod (from src/main/resources/application.properties:3)"), log.lines.toString());
    }

    @Test
    void yamlWithRelaxedKeysAndPlaceholderDefaults() throws Exception {
        write(project, "src/main/resources/application.yml", """
                app:
                  ctx: demo
                spring:
                  liquibase:
                    changeLog: classpath:/db/changelog/master.yaml
                    contexts: ${app.ctx}
                    label_filter: ${LABELS:v1}
                """);
        ChangelogSettings s = resolve(empty(), new RecordingLog());
        assertEquals("classpath:/db/changelog/master.yaml", s.changeLogFile());
        assertEquals("demo", s.contexts());
        assertEquals("v1", s.labels());
    }

    @Test
    void pomWinsOverSpringBoot() throws Exception {
        write(project, "src/main/resources/application.properties", "spring.liquibase.contexts=prod\n");
        RecordingLog log = new RecordingLog(true);
        ChangelogSettings s = resolve(empty().withFilters("test", null), log);
        assertEquals("test", s.contexts());
        assertTrue(log.at("DEBUG").contains("contexts = test (from the plugin configuration or -D)"), log.lines.toString());
    }

    @Test
    void unresolvablePlaceholderIsReportedWithItsLine() {
        write(project, "src/main/resources/application.properties", "# db\nspring.liquibase.change-log=${CHANGELOG}\n");
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> resolve(empty(), new RecordingLog()));
        assertEquals("src/main/resources/application.properties:2: spring.liquibase.change-log uses ${CHANGELOG}, which the build"
                + " cannot resolve (profiles and environment are not read); set <changeLogFile> (-Dschema.changeLogFile) in the"
                + " plugin configuration instead", failure.getMessage());
    }

    @Test
    void unresolvablePlaceholderDoesNotMatterWhenThePomSetsTheValue() throws Exception {
        write(project, "src/main/resources/application.properties", "spring.liquibase.change-log=${CHANGELOG}\n");
        ChangelogSettings s = resolve(ChangelogSettings.of("db/x.xml"), new RecordingLog());
        assertEquals("db/x.xml", s.changeLogFile());
    }

    @Test
    void aMissingChangelogNamedBySpringBootPointsAtItsFile() {
        write(project, "src/main/resources/application.properties", "spring.liquibase.change-log=classpath:db/changelog/master.yaml\n");
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> new dev.schemacode.core.Schemacode(
                ProjectLayout.standard(project), new RecordingLog(), true).validate(empty()));
        assertTrue(failure.getMessage().endsWith("check spring.liquibase.change-log (src/main/resources/application.properties:1)"),
                failure.getMessage());
    }

    @Test
    void noSpringBootFilesMeansNothingIsSet() throws Exception {
        ChangelogSettings s = resolve(empty(), new RecordingLog());
        assertNull(s.changeLogFile());
        assertNull(s.contexts());
    }
}
