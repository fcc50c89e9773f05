package dev.schemacode.core.changelog;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.realworld.Corpus;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import liquibase.ChecksumVersion;
import liquibase.change.Change;
import liquibase.change.core.AddColumnChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load's memo of change types (which makes a large XML parse about a quarter faster) builds
 * exactly the changesets Liquibase's own parser builds, in the master file and in included ones,
 * and leaves every other parse to Liquibase.
 */
class ChangeTypeMemoTest {

    @TempDir
    Path project;

    /** Everything about a changeset that a user's build depends on, one line per changeset. */
    private static List<String> describe(DatabaseChangeLog changeLog) {
        return changeLog.getChangeSets().stream().map(cs -> String.join(" | ",
                cs.toString(false),
                cs.generateCheckSum(ChecksumVersion.latest()).toString(),
                changes(cs.getChanges()),
                "rollback " + changes(cs.getRollback().getChanges()),
                String.valueOf(cs.getComments()),
                String.valueOf(cs.getContextFilter()),
                String.valueOf(cs.getLabels()),
                String.valueOf(cs.getDbmsSet()),
                "visitors " + cs.getSqlVisitors().size(),
                "preconditions " + (cs.getPreconditions() == null ? 0 : cs.getPreconditions().getNestedPreconditions().size()),
                "attributes " + cs.isAlwaysRun() + cs.isRunOnChange() + cs.getFailOnError() + cs.getValidCheckSums()))
                .toList();
    }

    private static String changes(List<Change> changes) {
        return changes.stream().map(c -> c.getClass().getSimpleName() + ":" + c.getDescription()).collect(Collectors.joining(", "));
    }

    private record Parsed(List<String> withMemo, List<String> liquibase, DatabaseChangeLog memoTree) { }

    /** Parses {@code master} through the loader (memo) and through Liquibase's own parser for its format. */
    private static Parsed parseBothWays(ProjectLayout layout, String master, String dialect) throws Exception {
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.sourceRoots(), List.of(), new RecordingLog())) {
            return runtime.call(() -> {
                Database database = Databases.offline(dialect, runtime.resourceAccessor());
                ChangelogSettings settings = ChangelogSettings.of(master);
                // customChange classes that are not on the class path get stand-ins, for both parses
                DatabaseChangeLog memo = ChangelogLoader.load(runtime, layout, master, settings, database, true, null).changeLog();
                // outside a load: Liquibase's own parser for the format, and its own changesets
                DatabaseChangeLog liquibase = ChangeLogParserFactory.getInstance().getParser(master, runtime.resourceAccessor())
                        .parse(master, ChangelogLoader.parameters(settings, database), runtime.resourceAccessor());
                return new Parsed(describe(memo), describe(liquibase), memo);
            });
        }
    }

    /**
     * A change type of the project's own (a service on the execution's class path) is known to
     * the memo even when an earlier execution in the same JVM ran without it, as in a reactor:
     * an element without attributes or children is that change, not "no change".
     */
    @Test
    void aProjectsOwnChangeTypeIsFoundWhenAnEarlierExecutionDidNotHaveIt() throws Exception {
        write(project, "a/src/main/resources/db/master.xml", xml("""
                <changeSet id="1" author="ana"><createTable tableName="a"><column name="id" type="int"/></createTable></changeSet>"""));
        ProjectLayout first = ProjectLayout.standard(project.resolve("a"));
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(first.sourceRoots(), List.of(), new RecordingLog())) {
            runtime.call(() -> ChangelogLoader.load(runtime, first, "db/master.xml", ChangelogSettings.of("db/master.xml"),
                    Databases.offline("h2", runtime.resourceAccessor()), true, null));
        }
        Path classes = project.resolve("b/target/classes");
        Path source = write(project, "b/src/main/java/com/example/MarkChange.java", """
                package com.example;
                @liquibase.change.DatabaseChange(name = "markDone", description = "a project's own change type", priority = 1)
                public class MarkChange extends liquibase.change.AbstractChange {
                    private String tableName;
                    public String getTableName() { return tableName; }
                    public void setTableName(String tableName) { this.tableName = tableName; }
                    @Override public liquibase.statement.SqlStatement[] generateStatements(liquibase.database.Database database) {
                        return new liquibase.statement.SqlStatement[0];
                    }
                    @Override public String getConfirmationMessage() { return "marked"; }
                }
                """);
        String liquibaseJar = Path.of(Change.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", liquibaseJar, source.toString()), "test setup: compiling the change type");
        write(classes, "META-INF/services/liquibase.change.Change", "com.example.MarkChange\n");
        write(project, "b/src/main/resources/db/master.xml", xml("""
                <changeSet id="1" author="ana" xmlns:ext="http://example.com/ext"><ext:markDone/></changeSet>
                <changeSet id="2" author="ana" xmlns:ext="http://example.com/ext"><ext:markDone tableName="t"/></changeSet>"""));
        ProjectLayout second = ProjectLayout.standard(project.resolve("b"));
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(second.sourceRoots(), List.of(classes), new RecordingLog())) {
            List<String> changes = runtime.call(() -> ChangelogLoader.load(runtime, second, "db/master.xml",
                    ChangelogSettings.of("db/master.xml"), Databases.offline("h2", runtime.resourceAccessor()), true, null)
                    .changeLog().getChangeSets().stream().map(cs -> changes(cs.getChanges())).toList());
            assertEquals(List.of("MarkChange:markDone", "MarkChange:markDone"), changes.stream()
                    .map(c -> c.replaceAll(":markDone.*", ":markDone")).toList());
        }
    }

    /**
     * The index of change names answers each name as Liquibase's change factory does: the same
     * class for every change type Liquibase defines, "no change" for an attribute name.
     */
    @Test
    void changeNamesAgreeWithLiquibasesFactoryForEveryChangeType() throws Exception {
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(List.of(project), List.of(), new RecordingLog())) {
            runtime.call(() -> {
                liquibase.change.ChangeFactory factory = liquibase.Scope.getCurrentScope().getSingleton(liquibase.change.ChangeFactory.class);
                ChangeTypeMemo.ChangeNames names = new ChangeTypeMemo.ChangeNames();
                java.util.Set<String> defined = factory.getDefinedChanges();
                assertTrue(defined.size() > 40, "Liquibase defines its change types: " + defined);
                int answered = 0;
                for (String name : defined) {
                    Class<? extends Change> only = names.only(name);
                    if (only != null) {
                        assertEquals(factory.create(name).getClass(), only, name);
                        answered++;
                    }
                }
                assertEquals(defined.size(), answered, "every standard change name is answered without the factory");
                for (String attribute : List.of("id", "author", "comment", "column", "tableName", "rollback", "noSuchChange")) {
                    assertNull(factory.create(attribute), attribute);
                    assertSame(ChangeTypeMemo.ChangeNames.NONE, names.only(attribute), attribute);
                }
                return null;
            });
        }
    }

    @Test
    void everyKindOfChangesetElementComesOutAsLiquibaseBuildsIt() throws Exception {
        write(project, "src/main/resources/db/part.xml", xml("""
                <changeSet id="p1" author="ana" context="test" labels="l1">
                  <comment>included</comment>
                  <createTable tableName="p"><column name="id" type="int"/></createTable>
                  <createTable tableName="q"><column name="id" type="int"/></createTable>
                  <rollback/>
                </changeSet>
                <changeSet id="p2" author="ana" runOnChange="true">
                  <addColumn tableName="p" ><column name="c" type="int" afterColumn="id"/></addColumn>
                  <rollback><dropColumn tableName="p" columnName="c"/></rollback>
                </changeSet>
                """));
        write(project, "src/main/resources/db/master.xml", xml("""
                <removeChangeSetProperty change="addColumn" dbms="h2" remove="afterColumn"/>
                <changeSet id="1" author="ana" failOnError="false">
                  <validCheckSum>ANY</validCheckSum>
                  <preConditions onFail="MARK_RAN"><not><tableExists tableName="a"/></not></preConditions>
                  <comment>first</comment>
                  <createTable tableName="a"><column name="id" type="int"/></createTable>
                  <addColumn tableName="a"><column name="b" type="int" afterColumn="id"/></addColumn>
                  <rollback>drop table a;</rollback>
                </changeSet>
                <include file="part.xml" relativeToChangelogFile="true"/>
                <changeSet id="2" author="ben" dbms="h2,postgresql">
                  <sql>select 1</sql>
                  <rollback><sql>select 2</sql><sql>select 3</sql></rollback>
                  <modifySql><append value=" -- two"/></modifySql>
                </changeSet>
                <changeSet id="3" author="ben"><tagDatabase tag="v1"/></changeSet>
                <changeSet id="4" author="ben"><addColumn tableName="a"><column name="d" type="int" afterColumn="b"/></addColumn></changeSet>
                """));
        ProjectLayout layout = ProjectLayout.standard(project);
        for (String dialect : List.of("h2", "postgresql")) {
            Parsed parsed = parseBothWays(layout, "db/master.xml", dialect);
            assertEquals(parsed.liquibase(), parsed.withMemo(), dialect);
            assertEquals(6, parsed.withMemo().size());
        }
        // the master's removeChangeSetProperty still reaches an addColumn made from the memo (the last one)
        Parsed h2 = parseBothWays(layout, "db/master.xml", "h2");
        List<ChangeSet> sets = h2.memoTree().getChangeSets();
        assertNull(((AddColumnChange) sets.get(0).getChanges().get(1)).getColumns().get(0).getAfterColumn());
        assertNull(((AddColumnChange) sets.get(5).getChanges().get(0)).getColumns().get(0).getAfterColumn());
        // only on h2, as the property says
        Parsed postgres = parseBothWays(layout, "db/master.xml", "postgresql");
        assertEquals("b", ((AddColumnChange) postgres.memoTree().getChangeSets().get(5).getChanges().get(0))
                .getColumns().get(0).getAfterColumn());
        // the included file was parsed with the memo too
        assertNotEquals(ChangeSet.class, sets.get(1).getClass());
    }

    @Test
    void aYamlTreeComesOutAsLiquibaseBuildsIt() throws Exception {
        write(project, "src/main/resources/db/part.xml", xml("""
                <changeSet id="p1" author="ana"><createTable tableName="p"><column name="id" type="int"/></createTable></changeSet>
                """));
        write(project, "src/main/resources/db/master.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: "1"
                      author: ana
                      comment: first
                      runOnChange: true
                      changes:
                        - createTable:
                            tableName: a
                            columns:
                              - column: {name: id, type: int}
                        - addColumn:
                            tableName: a
                            columns:
                              - column: {name: b, type: int}
                      rollback:
                        - dropTable: {tableName: a}
                  - include:
                      file: part.xml
                      relativeToChangelogFile: true
                  - changeSet:
                      id: "2"
                      author: ben
                      context: test
                      changes:
                        - sql: {sql: select 1}
                        - addColumn:
                            tableName: a
                            columns:
                              - column: {name: c, type: varchar(10)}
                      rollback: select 2
                """);
        ProjectLayout layout = ProjectLayout.standard(project);
        for (String dialect : List.of("h2", "mysql")) {
            Parsed parsed = parseBothWays(layout, "db/master.yaml", dialect);
            assertEquals(parsed.liquibase(), parsed.withMemo(), dialect);
            assertEquals(3, parsed.withMemo().size());
            // a YAML master's changesets go through the memo, as do the included XML file's
            parsed.memoTree().getChangeSets().forEach(cs -> assertNotEquals(ChangeSet.class, cs.getClass(), cs.toString()));
        }
    }

    @Test
    void anUnknownElementWithChildrenFailsEvenAfterTheSameNameWasAnAttribute() throws Exception {
        write(project, "src/main/resources/db/master.xml", xml("""
                <changeSet id="1" author="ana" xmlns:ext="http://example.com/ext">
                  <ext:fooBar/>
                  <sql>select 1</sql>
                </changeSet>
                <changeSet id="2" author="ana" xmlns:ext="http://example.com/ext">
                  <ext:fooBar><ext:column name="x"/></ext:fooBar>
                </changeSet>
                """));
        ProjectLayout layout = ProjectLayout.standard(project);
        SchemaFailure failure = assertThrows(SchemaFailure.class, () -> parseBothWays(layout, "db/master.xml", "h2"));
        assertTrue(failure.getMessage().contains("Unknown change type 'fooBar'"), failure.getMessage());
    }

    @Test
    void realWorldTreesComeOutAsLiquibaseBuildsThem() throws Exception {
        for (Corpus.Case c : Corpus.cases()) {
            ProjectLayout layout = ProjectLayout.standard(project).withSearchPath(List.of(c.path()));
            Parsed parsed = parseBothWays(layout, c.master(), "postgresql");
            assertEquals(parsed.liquibase(), parsed.withMemo(), c.dir());
            assertTrue(parsed.withMemo().size() > 1, c.dir() + ": " + parsed.withMemo().size());
        }
    }

    @Test
    void outsideALoadLiquibasesOwnParserAndChangesetsAreUsed() throws Exception {
        write(project, "src/main/resources/db/master.xml", xml("""
                <changeSet id="1" author="ana"><sql>select 1</sql></changeSet>
                """));
        ProjectLayout layout = ProjectLayout.standard(project);
        Parsed parsed = parseBothWays(layout, "db/master.xml", "h2");
        assertNotEquals(ChangeSet.class, parsed.memoTree().getChangeSets().get(0).getClass());
        try (LiquibaseRuntime runtime = LiquibaseRuntime.open(layout.sourceRoots(), List.of(), new RecordingLog())) {
            runtime.call(() -> {
                assertSame(XMLChangeLogSAXParser.class, ChangeLogParserFactory.getInstance()
                        .getParser("db/master.xml", runtime.resourceAccessor()).getClass());
                assertSame(liquibase.changeset.StandardChangeSetService.class,
                        liquibase.changeset.ChangeSetServiceFactory.getInstance().createChangeSetService().getClass());
                DatabaseChangeLog plain = new XMLChangeLogSAXParser().parse("db/master.xml", new liquibase.changelog.ChangeLogParameters(),
                        runtime.resourceAccessor());
                assertSame(ChangeSet.class, plain.getChangeSets().get(0).getClass());
                return null;
            });
        }
    }
}
