package dev.schemacode.core.lock;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.changelog.ChangelogLoader;
import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.realworld.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock check's own computation of Liquibase's checksum gives Liquibase's value for every
 * changeset, so a released changeset is recognised exactly as Liquibase would recognise it.
 */
class ChangesetChecksumTest {

    @TempDir
    Path project;

    /**
     * Loads {@code master} for {@code dialect} in the execution's scope (as validate does) and maps
     * each changeset, in tree order.
     */
    private static <T> List<T> eachChangeset(ProjectLayout layout, String master, String dialect, Function<ChangeSet, T> f)
            throws Exception {
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.sourceRoots(), List.of(), new RecordingLog())) {
            return runtime.call(() -> {
                liquibase.database.Database database = Databases.offline(dialect, runtime.resourceAccessor());
                LoadedChangelog loaded = ChangelogLoader.load(runtime, layout, master, ChangelogSettings.of(master), database, true, null);
                Scope.ScopedRunnerWithReturn<List<T>> each = () -> loaded.changeSets().stream().map(f).toList();
                return Scope.child(java.util.Map.of(Scope.Attr.database.name(), database), each);
            });
        }
    }

    /** Each changeset's identity, our checksum and Liquibase's (ours first: Liquibase keeps what it computed). */
    private static List<List<String>> bothChecksums(ProjectLayout layout, String master, String dialect) throws Exception {
        return eachChangeset(layout, master, dialect, cs -> List.of(SourceMap.identity(cs),
                ChangesetChecksum.latest(cs), cs.generateCheckSum(ChecksumVersion.latest()).toString()));
    }

    private static void assertAgree(List<List<String>> changeSets, String what) {
        assertFalse(changeSets.isEmpty(), what + ": no changesets");
        for (List<String> c : changeSets) {
            assertEquals(c.get(2), c.get(1), what + ": " + c.get(0));
        }
    }

    @Test
    void agreesWithLiquibaseOnColumnsWithDatesNumbersExcludedFieldsTargetedChangesAndSqlVisitors() throws Exception {
        write(project, "src/main/resources/db/rows.csv", "id,name,born\n1,ana,2001-02-03\n");
        write(project, "src/main/resources/db/master.xml", xml("""
                <changeSet id="1" author="ana">
                  <createTable tableName="a">
                    <column name="id" type="int" autoIncrement="true" startWith="5" incrementBy="2"><constraints primaryKey="true" nullable="false"/></column>
                    <column name="born" type="date" defaultValueDate="2020-01-02"/>
                    <column name="seen" type="timestamp" defaultValueDate="2020-01-02T03:04:05"/>
                    <column name="price" type="decimal(10,2)" defaultValueNumeric="1.50"/>
                    <column name="flag" type="boolean" defaultValueBoolean="true" remarks="a flag"/>
                    <column name="at" type="time" defaultValueComputed="CURRENT_TIME"/>
                  </createTable>
                </changeSet>
                <changeSet id="2" author="ana">
                  <addColumn tableName="a"><column name="since" type="date" valueDate="2021-03-04" afterColumn="born"/></addColumn>
                  <createIndex tableName="a" indexName="ix_a" unique="true" associatedWith="foo"><column name="born" descending="true"/></createIndex>
                  <addForeignKeyConstraint baseTableName="a" baseColumnNames="id" referencedTableName="a" referencedColumnNames="id"
                      constraintName="fk_a" onDelete="CASCADE"/>
                </changeSet>
                <changeSet id="3" author="ana">
                  <insert tableName="a"><column name="id" valueNumeric="7"/><column name="born" valueDate="2022-01-01"/></insert>
                  <update tableName="a"><column name="price" valueNumeric="2.0"/><where>id = 7</where></update>
                  <loadData tableName="a" file="rows.csv" relativeToChangelogFile="true"><column name="born" type="date"/></loadData>
                </changeSet>
                <changeSet id="4" author="ana">
                  <sql dbms="postgresql">select 1</sql>
                  <sql dbms="h2">select 2</sql>
                  <sql>select 3</sql>
                  <modifySql dbms="h2"><append value=" -- h2"/></modifySql>
                  <modifySql><replace replace="select" with="SELECT"/></modifySql>
                </changeSet>
                <changeSet id="5" author="ana">
                  <createView viewName="v" replaceIfExists="true">select id from a</createView>
                </changeSet>
                <changeSet id="5b" author="ana"><tagDatabase tag="v1"/></changeSet>
                <changeSet id="6" author="ana">
                  <mergeColumns tableName="a" column1Name="born" column2Name="seen" finalColumnName="both" finalColumnType="varchar(40)" joinString=" "/>
                  <addDefaultValue tableName="a" columnName="born" defaultValueDate="2023-05-06"/>
                  <dropDefaultValue tableName="a" columnName="born"/>
                  <renameColumn tableName="a" oldColumnName="flag" newColumnName="enabled"/>
                </changeSet>
                <changeSet id="7" author="ana"><comment>no changes at all</comment></changeSet>
                """));
        write(project, "src/main/resources/db/master.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: "1"
                      author: ana
                      changes:
                        - createTable:
                            tableName: y
                            columns:
                              - column: {name: id, type: int, defaultValueDate: "2020-01-02"}
                              - column: {name: v, type: "varchar(5)", defaultValue: "x"}
                        - sql: {sql: select 1, dbms: mysql}
                """);
        ProjectLayout layout = ProjectLayout.standard(project);
        for (String dialect : List.of("h2", "postgresql", "mysql")) {
            assertAgree(bothChecksums(layout, "db/master.xml", dialect), "XML for " + dialect);
            assertAgree(bothChecksums(layout, "db/master.yaml", dialect), "YAML for " + dialect);
        }
    }

    @Test
    void anEditedDateDefaultMakesAReleasedChangesetEdited() throws Exception {
        String changeSet = "<changeSet id=\"1\" author=\"ana\"><createTable tableName=\"a\">"
                + "<column name=\"born\" type=\"date\" defaultValueDate=\"2020-01-02\"/></createTable></changeSet>";
        write(project, "src/main/resources/db/master.xml", xml(changeSet));
        ProjectLayout layout = ProjectLayout.standard(project);
        String released = eachChangeset(layout, "db/master.xml", "h2", cs -> cs.generateCheckSum(ChecksumVersion.latest()).toString()).get(0);
        ChecksumLock.Entry entry = new ChecksumLock.Entry("db/master.xml::1::ana", released, 0);

        assertEquals(List.of(true), eachChangeset(layout, "db/master.xml", "h2", cs -> ChecksumLock.unchanged(cs, entry)));
        write(project, "src/main/resources/db/master.xml", xml(changeSet.replace("2020-01-02", "2020-01-03")));
        assertEquals(List.of(false), eachChangeset(layout, "db/master.xml", "h2", cs -> ChecksumLock.unchanged(cs, entry)));
        assertNotEquals(released, eachChangeset(layout, "db/master.xml", "h2", ChangesetChecksum::latest).get(0));
        write(project, "src/main/resources/db/master.xml", xml(changeSet.replace(" defaultValueDate=\"2020-01-02\"", "")));
        assertEquals(List.of(false), eachChangeset(layout, "db/master.xml", "h2", cs -> ChecksumLock.unchanged(cs, entry)));
    }

    @Test
    void agreesWithLiquibaseOnEveryChangesetOfTheRealWorldCorpus() throws Exception {
        List<List<String>> checked = new ArrayList<>();
        for (Corpus.Case c : Corpus.cases()) {
            ProjectLayout layout = ProjectLayout.standard(project).withSearchPath(List.of(c.path()));
            for (String dialect : List.of("postgresql", "mysql")) {
                List<List<String>> lines = bothChecksums(layout, c.master(), dialect);
                assertAgree(lines, c.dir() + " for " + dialect);
                checked.addAll(lines);
            }
        }
        assertFalse(checked.size() < 500, "the corpus holds hundreds of changesets: " + checked.size());
    }
}
