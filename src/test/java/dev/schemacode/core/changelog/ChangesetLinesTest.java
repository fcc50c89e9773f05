package dev.schemacode.core.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChangesetLinesTest {

    @Test
    void xmlLineIsWhereTheChangeSetTagStartsEvenWhenItSpansLines() {
        String xml = """
                <?xml version="1.0"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                  <changeSet id="1" author="ana">
                    <createTable tableName="a"><column name="id" type="int"/></createTable>
                  </changeSet>
                  <changeSet
                      id="2"
                      author="ben">
                  </changeSet>
                </databaseChangeLog>
                """;
        ChangesetLines lines = ChangesetLines.index("x.xml", xml);
        assertEquals(3, lines.lineOf("1", "ana"));
        assertEquals(6, lines.lineOf("2", "ben"));
        assertEquals(0, lines.lineOf("3", "ana"));
        assertEquals("1::ana", lines.changesetAt(4));
    }

    @Test
    void windowsAndOldMacLineEndsCountOneLineEach() {
        String xml = "<?xml version=\"1.0\"?>\r\n<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\r\n"
                + "  <changeSet\r\n    id=\"1\" author=\"ana\">\r\n  </changeSet>\r"
                + "  <changeSet id=\"2\" author=\"ana\">\r  </changeSet>\r</databaseChangeLog>\r\n";
        ChangesetLines lines = ChangesetLines.index("x.xml", xml);
        assertEquals(3, lines.lineOf("1", "ana"));
        assertEquals(6, lines.lineOf("2", "ana"));
    }

    @Test
    void yamlLineIsTheChangeSetKey() {
        String yaml = """
                databaseChangeLog:
                  - changeSet:
                      id: first
                      author: ana
                      changes:
                        - sql: select 1
                  - changeSet:
                      author: ben
                      id: "second"
                """;
        ChangesetLines lines = ChangesetLines.index("x.yaml", yaml);
        assertEquals(2, lines.lineOf("first", "ana"));
        assertEquals(7, lines.lineOf("second", "ben"));
    }

    @Test
    void jsonIsIndexedLikeYaml() {
        String json = """
                {"databaseChangeLog": [
                  {"changeSet": {
                    "id": "j1", "author": "ana", "changes": []}}
                ]}
                """;
        assertEquals(2, ChangesetLines.index("x.json", json).lineOf("j1", "ana"));
    }

    @Test
    void formattedSqlLineIsTheChangesetComment() {
        String sql = """
                --liquibase formatted sql

                --changeset ana:create-a
                create table a (id int);
                -- changeset "ben smith":b2 context:demo
                insert into a values (1);
                """;
        ChangesetLines lines = ChangesetLines.index("x.sql", sql);
        assertEquals(3, lines.lineOf("create-a", "ana"));
        assertEquals(5, lines.lineOf("b2", "ben smith"));
    }

    @Test
    void unparseableFileGivesUnknownLines() {
        assertEquals(0, ChangesetLines.index("x.xml", "<broken").lineOf("1", "ana"));
    }
}
