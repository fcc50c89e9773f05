package dev.schemacode.core.selftest;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.problem.SchemaFailure;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-test reads what the application ships: its classes, resources and runtime jars. */
class ProjectClasspathTest {

    @TempDir
    Path project;

    private static final String CUSTOM_CHANGE = """
            package com.example;

            import liquibase.database.Database;
            import liquibase.database.jvm.JdbcConnection;
            import liquibase.exception.CustomChangeException;
            import liquibase.exception.ValidationErrors;
            import liquibase.resource.ResourceAccessor;

            public class AddAnswer implements liquibase.change.custom.CustomTaskChange {
                public void execute(Database database) throws CustomChangeException {
                    try (var st = ((JdbcConnection) database.getConnection()).createStatement()) {
                        st.execute("INSERT INTO answer VALUES (42)");
                    } catch (Exception e) {
                        throw new CustomChangeException(e);
                    }
                }
                public String getConfirmationMessage() { return "answered"; }
                public void setUp() { }
                public void setFileOpener(ResourceAccessor accessor) { }
                public ValidationErrors validate(Database database) { return new ValidationErrors(); }
            }
            """;

    private static final String CHANGELOG = xml("""
            <changeSet id="1" author="ana">
              <createTable tableName="answer"><column name="v" type="int"/></createTable>
            </changeSet>
            <changeSet id="2" author="ana">
              <customChange class="com.example.AddAnswer"/>
              <rollback><delete tableName="answer"/></rollback>
            </changeSet>""");

    private void compileCustomChange(Path classes) throws Exception {
        Path src = write(project, "src/main/java/com/example/AddAnswer.java", CUSTOM_CHANGE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "test setup: compiling the custom change failed");
    }

    @Test
    void customChangeClassFromTheProjectsOwnClassesRuns() throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        compileCustomChange(layout.outputDir());
        write(layout.outputDir(), "db/changelog/db.changelog-master.xml", CHANGELOG);
        SelfTestResult result = new Schemacode(layout, new RecordingLog(), false)
                .selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults());
        assertEquals(2, result.applied());
        assertEquals(2, result.rolledBack());
    }

    @Test
    void customChangeClassMissingAtSelfTestIsAnErrorNamingClassAndFile() {
        ProjectLayout layout = ProjectLayout.standard(project);
        write(layout.outputDir(), "db/changelog/db.changelog-master.xml", CHANGELOG);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> new Schemacode(layout, new RecordingLog(), false)
                .selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults()));
        assertTrue(failure.getMessage().startsWith("target/classes/db/changelog/db.changelog-master.xml:10: changeset "
                + "db/changelog/db.changelog-master.xml::2::ana: customChange class com.example.AddAnswer cannot be loaded"),
                failure.getMessage());
    }

    @Test
    void selfTestReadsFilteredResourcesFromTheOutputDirectory() throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        // The source still has the unfiltered placeholder; the shipped copy has the value.
        write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="@table@"><column name="v" type="int"/></createTable>
                </changeSet>"""));
        write(layout.outputDir(), "db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="shipped"><column name="v" type="int"/></createTable>
                </changeSet>"""));
        RecordingLog log = new RecordingLog(true);
        new Schemacode(layout, log, false).selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults());
        assertTrue(log.lines.stream().anyMatch(l -> l.contains("SHIPPED") || l.contains("shipped")), "ran the shipped copy");
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("@table@")), "never read the source copy");
        // Messages point at the file users edit, not at its copy under target/classes.
        assertTrue(log.at("INFO").get(1).startsWith("schema:selftest src/main/resources/db/changelog/db.changelog-master.xml: 1 changeset: 1 applied"),
                log.at("INFO").get(1));
    }

    @Test
    void warnsWhenTheShippedCopyIsOlderThanTheSource() throws Exception {
        ProjectLayout layout = ProjectLayout.standard(project);
        Path copy = write(layout.outputDir(), "db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="v" type="int"/></createTable>
                </changeSet>"""));
        Path source = write(project, "src/main/resources/db/changelog/db.changelog-master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a"><column name="v" type="int"/></createTable>
                  <rollback><sql>broken edit not copied yet</sql></rollback>
                </changeSet>"""));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 60_000));
        RecordingLog log = new RecordingLog();
        new Schemacode(layout, log, false).selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults());
        assertEquals(List.of("1 changelog file in the resource directories is newer than the copy in target/classes that the"
                + " self-test reads; run the build through process-resources (e.g. mvn verify) to use the latest edits"), log.at("WARN"));
    }

    @Test
    void changelogsShippedInADependencyJarCanBeIncluded() throws Exception {
        Path jar = project.resolve("lib/shared-schema.jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("shared/schema.xml"));
            zip.write(xml("""
                    <changeSet id="shared-1" author="platform">
                      <createTable tableName="audit_log"><column name="id" type="int"/></createTable>
                    </changeSet>""").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ProjectLayout standard = ProjectLayout.standard(project);
        ProjectLayout layout = new ProjectLayout(standard.projectDir(), List.of(), standard.resourceDirs(),
                standard.outputDir(), List.of(jar), standard.buildDir());
        write(layout.outputDir(), "db/changelog/db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: shared/schema.xml
                """);
        write(project, "src/main/resources/db/changelog/db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: shared/schema.xml
                """);
        RecordingLog log = new RecordingLog();
        Schemacode core = new Schemacode(layout, log, false);
        assertEquals(1, core.validate(ChangelogSettings.of(null)).checked());
        SelfTestResult result = core.selfTest(ChangelogSettings.of(null), SelfTestConfig.defaults());
        assertEquals(1, result.applied());
        assertEquals(1, result.rolledBack());
    }
}
