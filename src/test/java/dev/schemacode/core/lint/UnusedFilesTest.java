package dev.schemacode.core.lint;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unused-file: changelog files with changesets that nothing includes, in every format; parameterised includes as patterns. */
class UnusedFilesTest {

    @TempDir
    Path project;

    private static final String DIR = "src/main/resources/db/changelog/";

    private List<String> unused(Map<String, String> params) throws Exception {
        return new Schemacode(ProjectLayout.standard(project), new RecordingLog(), false)
                .validate(new ChangelogSettings(null, null, null, params, null, null), LintConfig.defaults())
                .lint().findings().stream().filter(f -> f.rule().id().equals("unused-file"))
                .map(f -> f.location().path()).toList();
    }

    @Test
    void filesWithChangesetsThatNothingIncludesAreReportedInEveryFormat() throws Exception {
        write(project, DIR + "db.changelog-master.xml", xml("""
                <include file="changes/used.xml" relativeToChangelogFile="true"/>
                <changeSet id="1" author="ana"><sql>SELECT 1</sql><rollback/></changeSet>
                <changeSet id="2" author="ana"><sqlFile path="scripts/fix.sql" relativeToChangelogFile="true"/><rollback/></changeSet>"""));
        write(project, DIR + "changes/used.xml", xml("<changeSet id=\"u\" author=\"ana\"><tagDatabase tag=\"v1\"/></changeSet>"));
        write(project, DIR + "changes/forgotten.xml", xml("<changeSet id=\"f\" author=\"ana\"><tagDatabase tag=\"v2\"/></changeSet>"));
        write(project, DIR + "changes/forgotten.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: y
                      author: ana
                      changes: [{tagDatabase: {tag: v3}}]
                """);
        write(project, DIR + "changes/forgotten.sql", "--liquibase formatted sql\n\n--changeset ana:s\nSELECT 1;\n");
        // not migrations: a referenced sqlFile, a plain SQL note, a changelog without changesets
        write(project, DIR + "scripts/fix.sql", "UPDATE t SET a = 1;\n");
        write(project, DIR + "notes/cleanup.sql", "-- run by hand once\nDELETE FROM t;\n");
        write(project, DIR + "changes/properties.yaml", "databaseChangeLog:\n  - property: {name: x, value: y}\n");
        assertEquals(List.of(DIR + "changes/forgotten.sql", DIR + "changes/forgotten.xml", DIR + "changes/forgotten.yaml"), unused(Map.of()));
    }

    @Test
    void anIncludePathWithAParameterNothingDefinesIsOneClearError() throws Exception {
        write(project, DIR + "db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: db/changelog/tenant/${tenant}.yaml
                """);
        dev.schemacode.core.problem.SchemaFailure failure = org.junit.jupiter.api.Assertions.assertThrows(
                dev.schemacode.core.problem.SchemaFailure.class, () -> unused(Map.of()));
        assertEquals(DIR + "db.changelog-master.yaml:3: the include path db/changelog/tenant/${tenant}.yaml uses ${tenant}, which"
                + " nothing defines: define it with <changeLogParameters>, a <property> in the changelog or"
                + " spring.liquibase.parameters.*", failure.getMessage());
    }

    @Test
    void anIncludeWithAParameterIsAPatternForTheFilesItMayChoose() throws Exception {
        write(project, DIR + "db.changelog-master.yaml", """
                databaseChangeLog:
                  - include:
                      file: db/changelog/seed/${seed.env}/data.xml
                  - includeAll:
                      path: db/changelog/${release.dir}
                """);
        write(project, DIR + "seed/dev/data.xml", xml("<changeSet id=\"d\" author=\"ana\"><tagDatabase tag=\"dev\"/></changeSet>"));
        write(project, DIR + "seed/prod/data.xml", xml("<changeSet id=\"p\" author=\"ana\"><tagDatabase tag=\"prod\"/></changeSet>"));
        write(project, DIR + "r1/001.xml", xml("<changeSet id=\"r\" author=\"ana\"><tagDatabase tag=\"r1\"/></changeSet>"));
        write(project, DIR + "r2/001.xml", xml("<changeSet id=\"s\" author=\"ana\"><tagDatabase tag=\"r2\"/></changeSet>"));
        write(project, DIR + "stray.xml", xml("<changeSet id=\"x\" author=\"ana\"><tagDatabase tag=\"x\"/></changeSet>"));
        assertEquals(List.of(DIR + "stray.xml"), unused(Map.of("seed.env", "dev", "release.dir", "r1")));
    }
}
