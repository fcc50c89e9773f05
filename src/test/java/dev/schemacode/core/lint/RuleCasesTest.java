package dev.schemacode.core.lint;

import static dev.schemacode.core.TestFiles.write;
import static dev.schemacode.core.TestFiles.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule, triggered and not triggered, in XML, YAML and formatted SQL. Each case changelog
 * first creates {@code orders} in a changeset of its own (so it is an existing table), then the
 * changeset under test, {@code case}. A format left {@code null} has no way to express the case
 * (a Liquibase attribute raw SQL does not have, or SQL a change type cannot write).
 */
class RuleCasesTest {

    @TempDir
    Path project;

    /**
     * @param attrs changeset attributes as {@code name=value} pairs separated by blanks, shared by all formats
     */
    record Case(String rule, String target, String attrs, String xmlHit, String xmlClean, String yamlHit, String yamlClean,
            String sqlHit, String sqlClean, String cleanAttrs) {

        Case(String rule, String target, String attrs, String xmlHit, String xmlClean, String yamlHit, String yamlClean,
                String sqlHit, String sqlClean) {
            this(rule, target, attrs, xmlHit, xmlClean, yamlHit, yamlClean, sqlHit, sqlClean, attrs);
        }
    }

    private static final String PG = "postgresql";
    private static final String MY = "mariadb";
    private static final String H2 = "h2";

    static final List<Case> CASES = List.of(
            new Case("drop-table", H2, "", "<dropTable tableName=\"orders\"/>", "<createTable tableName=\"t2\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "changes: [{dropTable: {tableName: orders}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "DROP TABLE orders;", "SELECT 1;"),
            new Case("drop-column", H2, "", "<dropColumn tableName=\"orders\" columnName=\"note\"/>", "<addColumn tableName=\"orders\"><column name=\"x\" type=\"text\"/></addColumn>",
                    "changes: [{dropColumn: {tableName: orders, columnName: note}}]", "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: text}}]}}]",
                    "ALTER TABLE orders DROP COLUMN note;", "ALTER TABLE orders ADD COLUMN x text;"),
            new Case("drop-view", H2, "", "<dropView viewName=\"v\"/>", "<createView viewName=\"v\">SELECT id FROM orders</createView>",
                    "changes: [{dropView: {viewName: v}}]", "changes: [{createView: {viewName: v, selectQuery: SELECT id FROM orders}}]",
                    "DROP VIEW v;", "CREATE VIEW v AS SELECT id FROM orders;"),
            new Case("drop-sequence", H2, "", "<dropSequence sequenceName=\"s\"/>", "<createSequence sequenceName=\"s\"/>",
                    "changes: [{dropSequence: {sequenceName: s}}]", "changes: [{createSequence: {sequenceName: s}}]",
                    "DROP SEQUENCE s;", "CREATE SEQUENCE s;"),
            new Case("drop-constraint", H2, "", "<dropForeignKeyConstraint baseTableName=\"orders\" constraintName=\"fk\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{dropUniqueConstraint: {tableName: orders, constraintName: uq}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders DROP CONSTRAINT fk;", "SELECT 1;"),
            new Case("drop-database", H2, "", "<sql>DROP SCHEMA shop</sql><rollback/>", "<sql>CREATE SCHEMA shop</sql><rollback/>",
                    "changes: [{sql: {sql: DROP SCHEMA shop}}]\nrollback: []", "changes: [{sql: {sql: CREATE SCHEMA shop}}]\nrollback: []",
                    "DROP SCHEMA shop;", "CREATE SCHEMA shop;"),
            new Case("rename-table", H2, "", "<renameTable oldTableName=\"orders\" newTableName=\"purchases\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{renameTable: {oldTableName: orders, newTableName: purchases}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders RENAME TO purchases;", "SELECT 1;"),
            new Case("rename-column", H2, "", "<renameColumn tableName=\"orders\" oldColumnName=\"note\" newColumnName=\"remark\" columnDataType=\"text\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{renameColumn: {tableName: orders, oldColumnName: note, newColumnName: remark, columnDataType: text}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders RENAME COLUMN note TO remark;", "SELECT 1;"),
            new Case("change-column-type", H2, "", "<modifyDataType tableName=\"orders\" columnName=\"status\" newDataType=\"varchar(5)\"/>",
                    "<createTable tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable><modifyDataType tableName=\"t\" columnName=\"id\" newDataType=\"numeric(20)\"/>",
                    "changes: [{modifyDataType: {tableName: orders, columnName: status, newDataType: varchar(5)}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders ALTER COLUMN status TYPE varchar(5);", "SELECT 1;"),
            new Case("truncate", H2, "", "<sql>TRUNCATE TABLE orders</sql><rollback/>", "<sql>SELECT 1</sql><rollback/>", "changes: [{sql: {sql: TRUNCATE TABLE orders}}]\nrollback: []", "changes: [{sql: {sql: SELECT 1}}]\nrollback: []",
                    "TRUNCATE TABLE orders;", "SELECT 1;"),
            new Case("delete-without-where", H2, "", "<delete tableName=\"orders\"/><rollback/>", "<delete tableName=\"orders\"><where>status = 'x'</where></delete><rollback/>",
                    "changes: [{delete: {tableName: orders}}]\nrollback: []", "changes: [{delete: {tableName: orders, where: status = 'x'}}]\nrollback: []",
                    "DELETE FROM orders;", "DELETE FROM orders WHERE status = 'x';"),
            new Case("update-without-where", H2, "", "<update tableName=\"orders\"><column name=\"status\" value=\"x\"/></update><rollback/>",
                    "<update tableName=\"orders\"><column name=\"status\" value=\"x\"/><where>id = 1</where></update><rollback/>",
                    "changes: [{update: {tableName: orders, columns: [{column: {name: status, value: x}}]}}]\nrollback: []",
                    "changes: [{update: {tableName: orders, where: id = 1, columns: [{column: {name: status, value: x}}]}}]\nrollback: []",
                    "UPDATE orders SET status = 'x';", "UPDATE orders SET status = 'x' WHERE id = 1;"),
            new Case("drop-not-null", H2, "", "<dropNotNullConstraint tableName=\"orders\" columnName=\"status\" columnDataType=\"varchar(20)\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{dropNotNullConstraint: {tableName: orders, columnName: status, columnDataType: varchar(20)}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders ALTER COLUMN status DROP NOT NULL;", "SELECT 1;"),
            new Case("no-rollback", H2, "", "<insert tableName=\"orders\"><column name=\"id\" valueNumeric=\"1\"/></insert>",
                    "<insert tableName=\"orders\"><column name=\"id\" valueNumeric=\"1\"/></insert><rollback><delete tableName=\"orders\"><where>id = 1</where></delete></rollback>",
                    "changes: [{insert: {tableName: orders, columns: [{column: {name: id, valueNumeric: 1}}]}}]",
                    "changes: [{insert: {tableName: orders, columns: [{column: {name: id, valueNumeric: 1}}]}}]\nrollback: [{delete: {tableName: orders, where: id = 1}}]",
                    "INSERT INTO orders (id) VALUES (1);", "INSERT INTO orders (id) VALUES (1);\n--rollback DELETE FROM orders WHERE id = 1;"),
            new Case("not-null-without-default", H2, "", "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\"><constraints nullable=\"false\"/></column></addColumn>",
                    "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\" defaultValueNumeric=\"0\"><constraints nullable=\"false\"/></column></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int, constraints: {nullable: false}}}]}}]",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int, defaultValueNumeric: 0, constraints: {nullable: false}}}]}}]",
                    "ALTER TABLE orders ADD COLUMN x int NOT NULL;", "ALTER TABLE orders ADD COLUMN x int NOT NULL DEFAULT 0;"),
            new Case("set-not-null", PG, "", "<addNotNullConstraint tableName=\"orders\" columnName=\"status\" columnDataType=\"varchar(20)\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{addNotNullConstraint: {tableName: orders, columnName: status, columnDataType: varchar(20)}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;", "SELECT 1;"),
            new Case("volatile-default", PG, "", "<addColumn tableName=\"orders\"><column name=\"token\" type=\"uuid\" defaultValueComputed=\"gen_random_uuid()\"/></addColumn>",
                    "<addColumn tableName=\"orders\"><column name=\"at\" type=\"timestamptz\" defaultValueComputed=\"now()\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: token, type: uuid, defaultValueComputed: gen_random_uuid()}}]}}]",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: at, type: timestamptz, defaultValueComputed: now()}}]}}]",
                    "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();", "ALTER TABLE orders ADD COLUMN at timestamptz DEFAULT now();"),
            new Case("add-auto-increment-column", H2, "", "<addColumn tableName=\"orders\"><column name=\"seq\" type=\"bigint\" autoIncrement=\"true\"/></addColumn>",
                    "<addColumn tableName=\"orders\"><column name=\"seq\" type=\"bigint\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: seq, type: bigint, autoIncrement: true}}]}}]",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: seq, type: bigint}}]}}]",
                    "ALTER TABLE orders ADD COLUMN seq bigserial;", "ALTER TABLE orders ADD COLUMN seq bigint;"),
            new Case("stored-generated-column", PG, "", "<sql>ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * 2) STORED</sql><rollback/>",
                    "<sql>ALTER TABLE orders ADD COLUMN total numeric</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * 2) STORED}}]\nrollback: []",
                    "changes: [{sql: {sql: ALTER TABLE orders ADD COLUMN total numeric}}]\nrollback: []",
                    "ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * 2) STORED;", "ALTER TABLE orders ADD COLUMN total numeric;"),
            new Case("index-not-concurrent", PG, "", "<createIndex tableName=\"orders\" indexName=\"ix\"><column name=\"status\"/></createIndex>",
                    "<createTable tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable><createIndex tableName=\"t\" indexName=\"ix\"><column name=\"id\"/></createIndex>",
                    "changes: [{createIndex: {tableName: orders, indexName: ix, columns: [{column: {name: status}}]}}]",
                    "changes: [{sql: {sql: CREATE INDEX CONCURRENTLY ix ON orders (status)}}]\nrunInTransaction: false\nrollback: []",
                    "CREATE INDEX ix ON orders (status);", "CREATE INDEX CONCURRENTLY ix ON orders (status);", "runInTransaction=false"),
            new Case("drop-index-not-concurrent", PG, "", "<dropIndex tableName=\"orders\" indexName=\"ix\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{dropIndex: {tableName: orders, indexName: ix}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "DROP INDEX ix;", "SELECT 1;"),
            new Case("concurrently-in-transaction", PG, "", "<sql>CREATE INDEX CONCURRENTLY ix ON orders (status)</sql><rollback/>",
                    "<tagDatabase tag=\"v1\"/>",
                    "changes: [{sql: {sql: CREATE INDEX CONCURRENTLY ix ON orders (status)}}]\nrollback: []", "changes: [{tagDatabase: {tag: v1}}]",
                    "CREATE INDEX CONCURRENTLY ix ON orders (status);", "CREATE INDEX ix ON orders (status);"),
            new Case("foreign-key-validation", PG, "", "<addForeignKeyConstraint baseTableName=\"orders\" baseColumnNames=\"amount\" referencedTableName=\"orders\" referencedColumnNames=\"id\" constraintName=\"fk\"/>",
                    "<addForeignKeyConstraint baseTableName=\"orders\" baseColumnNames=\"amount\" referencedTableName=\"orders\" referencedColumnNames=\"id\" constraintName=\"fk\" validate=\"false\"/>",
                    "changes: [{addForeignKeyConstraint: {baseTableName: orders, baseColumnNames: amount, referencedTableName: orders, referencedColumnNames: id, constraintName: fk}}]",
                    "changes: [{addForeignKeyConstraint: {baseTableName: orders, baseColumnNames: amount, referencedTableName: orders, referencedColumnNames: id, constraintName: fk, validate: false}}]",
                    "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (amount) REFERENCES orders (id);",
                    "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (amount) REFERENCES orders (id) NOT VALID;"),
            new Case("check-constraint-validation", PG, "", "<sql>ALTER TABLE orders ADD CONSTRAINT ck CHECK (amount &gt; 0)</sql><rollback/>",
                    "<sql>SELECT 1</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER TABLE orders ADD CONSTRAINT ck CHECK (amount > 0)}}]\nrollback: []",
                    "changes: [{sql: {sql: SELECT 1}}]\nrollback: []",
                    "ALTER TABLE orders ADD CONSTRAINT ck CHECK (amount > 0);", "SELECT 1;"),
            new Case("unique-constraint", PG, "", "<addUniqueConstraint tableName=\"orders\" columnNames=\"status\" constraintName=\"uq\"/>",
                    "<addUniqueConstraint tableName=\"orders\" columnNames=\"status\" constraintName=\"uq\" forIndexName=\"ix\"/>",
                    "changes: [{addUniqueConstraint: {tableName: orders, columnNames: status, constraintName: uq}}]",
                    "changes: [{addUniqueConstraint: {tableName: orders, columnNames: status, constraintName: uq, forIndexName: ix}}]",
                    "ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (status);", "SELECT 1;"),
            new Case("missing-lock-timeout", PG, "", "<dropColumn tableName=\"orders\" columnName=\"note\"/>",
                    "<sql>SET lock_timeout = '5s'</sql><dropColumn tableName=\"orders\" columnName=\"note\"/>",
                    "changes: [{dropColumn: {tableName: orders, columnName: note}}]",
                    "changes: [{sql: {sql: SET lock_timeout = '5s'}}, {dropColumn: {tableName: orders, columnName: note}}]",
                    "ALTER TABLE orders DROP COLUMN note;", "SET lock_timeout = '5s';\nALTER TABLE orders DROP COLUMN note;"),
            new Case("transaction-nesting", H2, "", "<sql>BEGIN; DELETE FROM orders WHERE id = 1; COMMIT;</sql><rollback/>", "<sql>DELETE FROM orders WHERE id = 1</sql><rollback/>",
                    "changes: [{sql: {sql: 'COMMIT'}}]\nrollback: []", "changes: [{sql: {sql: SELECT 1}}]\nrollback: []",
                    "BEGIN;\nDELETE FROM orders WHERE id = 1;\nCOMMIT;", "DELETE FROM orders WHERE id = 1;"),
            new Case("backfill-with-ddl", H2, "", "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\"/></addColumn><update tableName=\"orders\"><column name=\"x\" valueNumeric=\"1\"/><where>id &gt; 0</where></update>",
                    "<update tableName=\"orders\"><column name=\"status\" value=\"x\"/><where>id &gt; 0</where></update><rollback/>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int}}]}}, {update: {tableName: orders, where: id > 0, columns: [{column: {name: x, valueNumeric: 1}}]}}]",
                    "changes: [{update: {tableName: orders, where: id > 0, columns: [{column: {name: status, value: x}}]}}]\nrollback: []",
                    "ALTER TABLE orders ADD COLUMN x int;\nUPDATE orders SET x = 1 WHERE id > 0;", "UPDATE orders SET x = 1 WHERE id > 0;"),
            new Case("mysql-multiple-ddl", MY, "", "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\"/></addColumn><createIndex tableName=\"orders\" indexName=\"ix\"><column name=\"x\"/></createIndex>",
                    "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int}}]}}, {dropColumn: {tableName: orders, columnName: note}}]",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int}}]}}]",
                    "ALTER TABLE orders ADD COLUMN x int;\nCREATE INDEX ix ON orders (x);", "ALTER TABLE orders ADD COLUMN x int;"),
            new Case("json-column", PG, "", "<addColumn tableName=\"orders\"><column name=\"doc\" type=\"json\"/></addColumn>", "<addColumn tableName=\"orders\"><column name=\"doc\" type=\"jsonb\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: doc, type: json}}]}}]", "changes: [{addColumn: {tableName: orders, columns: [{column: {name: doc, type: jsonb}}]}}]",
                    "ALTER TABLE orders ADD COLUMN doc json;", "ALTER TABLE orders ADD COLUMN doc jsonb;"),
            new Case("char-column", H2, "", "<addColumn tableName=\"orders\"><column name=\"c\" type=\"char(3)\"/></addColumn>", "<addColumn tableName=\"orders\"><column name=\"c\" type=\"varchar(3)\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: c, type: char(3)}}]}}]", "changes: [{addColumn: {tableName: orders, columns: [{column: {name: c, type: varchar(3)}}]}}]",
                    "ALTER TABLE orders ADD COLUMN c char(3);", "ALTER TABLE orders ADD COLUMN c varchar(3);"),
            new Case("timestamp-without-time-zone", PG, "", "<addColumn tableName=\"orders\"><column name=\"at\" type=\"timestamp\"/></addColumn>", "<addColumn tableName=\"orders\"><column name=\"at\" type=\"timestamptz\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: at, type: timestamp}}]}}]", "changes: [{addColumn: {tableName: orders, columns: [{column: {name: at, type: timestamptz}}]}}]",
                    "ALTER TABLE orders ADD COLUMN at timestamp;", "ALTER TABLE orders ADD COLUMN at timestamptz;"),
            new Case("int-primary-key", H2, "", "<createTable tableName=\"t\"><column name=\"id\" type=\"int\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "<createTable tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: id, type: int, constraints: {primaryKey: true}}}]}}]",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: id, type: bigint, constraints: {primaryKey: true}}}]}}]",
                    "CREATE TABLE t (id int PRIMARY KEY);", "CREATE TABLE t (id bigint PRIMARY KEY);"),
            new Case("serial-column", PG, "", "<createTable tableName=\"t\"><column name=\"id\" type=\"bigserial\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "<createTable tableName=\"t\"><column name=\"id\" type=\"bigint\" autoIncrement=\"true\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: id, type: bigserial, constraints: {primaryKey: true}}}]}}]",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}}]}}]",
                    "CREATE TABLE t (id bigserial PRIMARY KEY);", "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);"),
            new Case("table-without-primary-key", H2, "", "<createTable tableName=\"t\"><column name=\"a\" type=\"text\"/></createTable>",
                    "<createTable tableName=\"t\"><column name=\"a\" type=\"text\"/></createTable><addPrimaryKey tableName=\"t\" columnNames=\"a\"/>",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: a, type: text}}]}}]",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: a, type: text, constraints: {primaryKey: true}}}]}}]",
                    "CREATE TABLE t (a text);", "CREATE TABLE t (a text PRIMARY KEY);"),
            new Case("identifier-too-long", PG, "", "<createIndex tableName=\"orders\" indexName=\"ix_orders_status_and_amount_and_note_for_the_monthly_revenue_report_v2\"><column name=\"status\"/></createIndex>",
                    "<createIndex tableName=\"orders\" indexName=\"ix_orders_status\"><column name=\"status\"/></createIndex>",
                    "changes: [{createIndex: {tableName: orders, indexName: ix_orders_status_and_amount_and_note_for_the_monthly_revenue_report_v2, columns: [{column: {name: status}}]}}]",
                    "changes: [{createIndex: {tableName: orders, indexName: ix_orders_status, columns: [{column: {name: status}}]}}]",
                    "CREATE INDEX ix_orders_status_and_amount_and_note_for_the_monthly_revenue_report_v2 ON orders (status);", "CREATE INDEX ix_orders_status ON orders (status);"),
            new Case("run-always-ddl", H2, "runAlways=true", "<addColumn tableName=\"orders\"><column name=\"x\" type=\"int\"/></addColumn>", "<sql>UPDATE orders SET status = 'x' WHERE id = 0</sql><rollback/>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: x, type: int}}]}}]", "changes: [{sql: {sql: SELECT 1}}]\nrollback: []",
                    "ALTER TABLE orders ADD COLUMN x int;", "UPDATE orders SET status = 'x' WHERE id = 0;"),
            new Case("fail-on-error-false", H2, "failOnError=false", "<tagDatabase tag=\"v1\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{tagDatabase: {tag: v1}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "SELECT 1;", "SELECT 1;", ""),
            new Case("valid-checksum-any", H2, "", "<validCheckSum>ANY</validCheckSum><tagDatabase tag=\"v1\"/>", "<tagDatabase tag=\"v1\"/>",
                    "validCheckSum: ANY\nchanges: [{tagDatabase: {tag: v1}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "--validCheckSum: ANY\nSELECT 1;", "SELECT 1;"),
            new Case("detach-partition-not-concurrent", PG, "", "<sql>ALTER TABLE orders DETACH PARTITION orders_2020</sql><rollback/>",
                    "<sql>ALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER TABLE orders DETACH PARTITION orders_2020}}]\nrollback: []",
                    "changes: [{sql: {sql: ALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY}}]\nrollback: []",
                    "ALTER TABLE orders DETACH PARTITION orders_2020;", "ALTER TABLE orders DETACH PARTITION orders_2020 CONCURRENTLY;"),
            new Case("reindex-not-concurrent", PG, "", "<sql>REINDEX TABLE orders</sql><rollback/>",
                    "<sql>REINDEX TABLE CONCURRENTLY orders</sql><rollback/>",
                    "changes: [{sql: {sql: REINDEX TABLE orders}}]\nrollback: []",
                    "changes: [{sql: {sql: REINDEX TABLE CONCURRENTLY orders}}]\nrunInTransaction: false\nrollback: []",
                    "REINDEX /* the whole table */ TABLE orders;", "REINDEX TABLE CONCURRENTLY orders;", "runInTransaction=false"),
            new Case("exclusion-constraint", PG, "", "<sql>ALTER TABLE orders ADD CONSTRAINT one_status EXCLUDE USING gist (status WITH =)</sql><rollback/>",
                    "<createTable tableName=\"t2\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable>"
                            + "<sql>ALTER TABLE t2 ADD CONSTRAINT one_id EXCLUDE USING gist (id WITH =)</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER TABLE orders ADD CONSTRAINT one_status EXCLUDE USING gist (status WITH =)}}]\nrollback: []",
                    "changes: [{createTable: {tableName: t2, columns: [{column: {name: id, type: bigint, constraints: {primaryKey: true}}}]}},"
                            + " {sql: {sql: ALTER TABLE t2 ADD CONSTRAINT one_id EXCLUDE USING gist (id WITH =)}}]\nrollback: []",
                    "ALTER TABLE ONLY public.orders ADD CONSTRAINT one_status EXCLUDE USING gist (status WITH =);",
                    "CREATE TABLE t2 (id bigint PRIMARY KEY);\nALTER TABLE t2 ADD CONSTRAINT one_id EXCLUDE USING gist (id WITH =);"),
            new Case("varchar-length", PG, "", "<addColumn tableName=\"orders\"><column name=\"c\" type=\"varchar(40)\"/></addColumn>",
                    "<addColumn tableName=\"orders\"><column name=\"c\" type=\"text\"/></addColumn>",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: c, type: varchar(40)}}]}}]",
                    "changes: [{addColumn: {tableName: orders, columns: [{column: {name: c, type: text}}]}}]",
                    "ALTER TABLE orders ADD COLUMN c varchar(40);", "ALTER TABLE orders ADD COLUMN c text;"),
            new Case("wide-index", H2, "", "<createIndex tableName=\"orders\" indexName=\"ix\"><column name=\"id\"/><column name=\"status\"/><column name=\"amount\"/><column name=\"note\"/></createIndex>",
                    "<createIndex tableName=\"orders\" indexName=\"ix\"><column name=\"status\"/><column name=\"amount\"/></createIndex>",
                    "changes: [{createIndex: {tableName: orders, indexName: ix, columns: [{column: {name: id}}, {column: {name: status}}, {column: {name: amount}}, {column: {name: note}}]}}]",
                    "changes: [{createIndex: {tableName: orders, indexName: ix, columns: [{column: {name: status}}, {column: {name: amount}}]}}]",
                    "CREATE INDEX ix ON orders (id, status, amount, note);", "CREATE INDEX ix ON orders (status, amount);"),
            new Case("domain-constraint", PG, "", "<sql>CREATE DOMAIN posint AS integer CHECK (VALUE &gt; 0)</sql><rollback/>",
                    "<sql>CREATE DOMAIN code AS text</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER DOMAIN posint ADD CONSTRAINT c CHECK (VALUE < 10)}}]\nrollback: []",
                    "changes: [{sql: {sql: CREATE DOMAIN code AS text}}]\nrollback: []",
                    "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);", "CREATE DOMAIN code AS text;"),
            new Case("enum-value-ordering", PG, "", "<sql>ALTER TYPE mood ADD VALUE 'meh'</sql><rollback/>",
                    "<sql>ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'</sql><rollback/>",
                    "changes: [{sql: {sql: ALTER TYPE mood ADD VALUE 'meh'}}]\nrollback: []",
                    "changes: [{sql: {sql: ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad'}}]\nrollback: []",
                    "ALTER TYPE mood ADD VALUE 'meh';", "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';"),
            new Case("table-without-schema", H2, "", "<createTable tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "<createTable schemaName=\"public\" tableName=\"t\"><column name=\"id\" type=\"bigint\"><constraints primaryKey=\"true\"/></column></createTable>",
                    "changes: [{createTable: {tableName: t, columns: [{column: {name: id, type: bigint, constraints: {primaryKey: true}}}]}}]",
                    "changes: [{createTable: {schemaName: public, tableName: t, columns: [{column: {name: id, type: bigint, constraints: {primaryKey: true}}}]}}]",
                    "CREATE TABLE t (id bigint PRIMARY KEY);", "CREATE TABLE public.t (id bigint PRIMARY KEY);"),
            new Case("not-self-tested", PG, "dbms=postgresql", "<tagDatabase tag=\"v1\"/>", "<tagDatabase tag=\"v1\"/>",
                    "changes: [{tagDatabase: {tag: v1}}]", "changes: [{tagDatabase: {tag: v1}}]",
                    "SELECT 1;", "SELECT 1;", "dbms=h2,postgresql"));

    private List<Finding> lint(String format, String target, String text) throws Exception {
        return lint(format, target, text, LintConfig.defaults());
    }

    private List<Finding> lint(String format, String target, String text, LintConfig config) throws Exception {
        // dynamic tests share one temporary directory: each gets a project of its own
        Path dir = java.nio.file.Files.createTempDirectory(project, "case");
        String master = "src/main/resources/db/changelog/db.changelog-master." + format;
        write(dir, master, text);
        Schemacode.ValidateResult result;
        try {
            result = new Schemacode(ProjectLayout.standard(dir), new RecordingLog(), false)
                    .validate(new ChangelogSettings(master, null, null, Map.of(), null, target), config);
        } catch (dev.schemacode.core.problem.SchemaFailure e) {
            throw new AssertionError("the case changelog is invalid: " + e.problems() + "\n" + text, e);
        }
        return result.lint().findings().stream().filter(f -> f.location().changeset().endsWith("::case::ana")).toList();
    }

    private static String attrs(String attrs, String separator, String quote) {
        StringBuilder out = new StringBuilder();
        for (String pair : attrs.split(" ")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=");
                out.append(separator).append(kv[0]).append(separator.equals("\n      ") ? ": " : "=").append(quote).append(kv[1]).append(quote);
            }
        }
        return out.toString();
    }

    private static String xmlChangelog(Case c, String body) {
        return xmlChangelog(c.attrs(), body);
    }

    private static String xmlChangelog(String attrs, String body) {
        return xml("""
                <changeSet id="base" author="ana">
                  <createTable tableName="orders">
                    <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                    <column name="status" type="varchar(20)"/><column name="amount" type="bigint"/><column name="note" type="text"/>
                  </createTable>
                </changeSet>
                <changeSet id="case" author="ana\"""" + attrs(attrs, " ", "\"") + ">\n" + body + "\n</changeSet>");
    }

    private static String yamlChangelog(Case c, String body) {
        return yamlChangelog(c.attrs(), body);
    }

    private static String yamlChangelog(String attrs, String body) {
        return """
                databaseChangeLog:
                  - changeSet:
                      id: base
                      author: ana
                      changes:
                        - createTable:
                            tableName: orders
                            columns:
                              - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                              - column: {name: status, type: varchar(20)}
                              - column: {name: amount, type: bigint}
                              - column: {name: note, type: text}
                  - changeSet:
                      id: case
                      author: ana""" + attrs(attrs, "\n      ", "") + "\n      " + body.replace("\n", "\n      ") + "\n";
    }

    private static String sqlChangelog(Case c, String body) {
        return sqlChangelog(c.attrs(), body);
    }

    private static String sqlChangelog(String attrs, String body) {
        return "--liquibase formatted sql\n\n--changeset ana:base\n"
                + "CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20), amount bigint, note text);\n\n"
                + "--changeset ana:case" + attrs(attrs, " ", "").replace("=", ":") + "\n" + body + "\n";
    }

    @TestFactory
    Stream<DynamicTest> eachRuleFiresOnItsCaseAndNotOnTheSaferOne() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            add(tests, c, "xml", c.xmlHit(), true, () -> xmlChangelog(c, c.xmlHit()));
            add(tests, c, "xml", c.xmlClean(), false, () -> xmlChangelog(c.cleanAttrs(), c.xmlClean()));
            add(tests, c, "yaml", c.yamlHit(), true, () -> yamlChangelog(c, c.yamlHit()));
            add(tests, c, "yaml", c.yamlClean(), false, () -> yamlChangelog(c.cleanAttrs(), c.yamlClean()));
            add(tests, c, "sql", c.sqlHit(), true, () -> sqlChangelog(c, c.sqlHit()));
            add(tests, c, "sql", c.sqlClean(), false, () -> sqlChangelog(c.cleanAttrs(), c.sqlClean()));
        }
        return tests.stream();
    }

    private void add(List<DynamicTest> tests, Case c, String format, String body, boolean hit, java.util.function.Supplier<String> text) {
        if (body == null) {
            return;
        }
        tests.add(DynamicTest.dynamicTest(c.rule() + " " + (hit ? "fires" : "stays quiet") + " (" + format + ", " + c.target() + ")", () -> {
            // a rule that is off by default is switched on for its own case
            LintConfig config = Rules.byId(c.rule()).level() == RuleLevel.OFF
                    ? LintConfig.of(Map.of(c.rule(), "warn"), "h2") : LintConfig.defaults();
            List<Finding> findings = lint(format, c.target(), text.get(), config);
            boolean fired = findings.stream().anyMatch(f -> f.rule().id().equals(c.rule()));
            if (hit) {
                assertTrue(fired, c.rule() + " did not fire on " + body + "; findings: " + findings);
                Finding f = findings.stream().filter(x -> x.rule().id().equals(c.rule())).findFirst().orElseThrow();
                assertTrue(f.location().line() > 0, "finding has no line: " + f);
                assertTrue(f.format().contains("[" + c.rule() + "]") && f.format().contains(" — safer: "), f.format());
            } else {
                assertFalse(fired, c.rule() + " fired on the safer form " + body + ": " + findings);
            }
        }));
    }

    @Test
    void notSelfTestedNamesTheEngineThatWouldRunTheChangeset() throws Exception {
        for (String[] dbmsAndEngine : new String[][] {{"mysql", "mariadb"}, {"mariadb", "mariadb"}, {"postgresql", "postgresql"}, {"oracle", null}}) {
            List<Finding> findings = lint("xml", dbmsAndEngine[0], xmlChangelog("dbms=" + dbmsAndEngine[0], "<tagDatabase tag=\"v1\"/>")).stream()
                    .filter(f -> f.rule().id().equals("not-self-tested")).toList();
            assertEquals(1, findings.size(), findings.toString());
            String message = findings.get(0).message();
            if (dbmsAndEngine[1] == null) {
                assertTrue(!message.contains("selftestEngine"), message);
            } else {
                assertTrue(message.endsWith("; -Dschema.selftestEngine=" + dbmsAndEngine[1] + " would run it"), message);
            }
        }
    }

    @Test
    void missingAuthorFiresOnAYamlChangesetWithoutOneAndNotWithOne() throws Exception {
        String text = """
                databaseChangeLog:
                  - changeSet:
                      id: nobody
                      changes: [{tagDatabase: {tag: v1}}]
                  - changeSet:
                      id: case
                      author: ana
                      changes: [{tagDatabase: {tag: v2}}]
                """;
        Path dir = java.nio.file.Files.createTempDirectory(project, "case");
        write(dir, "src/main/resources/db/changelog/db.changelog-master.yaml", text);
        List<Finding> findings = new Schemacode(ProjectLayout.standard(dir), new RecordingLog(), false)
                .validate(ChangelogSettings.of(null), LintConfig.defaults()).lint().findings().stream()
                .filter(f -> f.rule().id().equals("missing-author")).toList();
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).location().changeset().contains("::nobody::"), findings.toString());
    }

    @Test
    void missingAuthorFiresOnAnEmptyXmlAuthorAndFormattedSqlCannotOmitIt() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(project, "case");
        write(dir, "src/main/resources/db/changelog/db.changelog-master.xml", xml(
                "<changeSet id=\"nobody\" author=\"\"><tagDatabase tag=\"v1\"/></changeSet>"
                        + "<changeSet id=\"case\" author=\"ana\"><tagDatabase tag=\"v2\"/></changeSet>"));
        List<Finding> findings = new Schemacode(ProjectLayout.standard(dir), new RecordingLog(), false)
                .validate(ChangelogSettings.of(null), LintConfig.defaults()).lint().findings().stream()
                .filter(f -> f.rule().id().equals("missing-author")).toList();
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).location().changeset().contains("::nobody::"), findings.toString());

        // formatted SQL: Liquibase itself refuses a changeset line without author
        Path sql = java.nio.file.Files.createTempDirectory(project, "case");
        write(sql, "src/main/resources/db/changelog/db.changelog-master.sql",
                "--liquibase formatted sql\n\n--changeset :nobody\nSELECT 1;\n--rollback SELECT 1;\n");
        dev.schemacode.core.problem.SchemaFailure failure = org.junit.jupiter.api.Assertions.assertThrows(
                dev.schemacode.core.problem.SchemaFailure.class,
                () -> new Schemacode(ProjectLayout.standard(sql), new RecordingLog(), false).validate(ChangelogSettings.of(null), LintConfig.defaults()));
        assertTrue(failure.getMessage().contains("db.changelog-master.sql:3: Unexpected formatting"), failure.getMessage());
    }

    @Test
    void everyRuleHasACaseThatFiresIt() {
        Set<String> covered = new TreeSet<>();
        CASES.forEach(c -> covered.add(c.rule()));
        covered.add("missing-author"); // a changeset without author: missingAuthorFiresOnAYamlChangesetWithoutOne
        covered.add("unused-file"); // judged per file: UnusedFilesTest
        covered.add("undefined-parameter"); // found by the validation: ValidateTest
        covered.add("unknown-dbms"); // found by the validation: ValidateTest
        Set<String> all = new TreeSet<>();
        Rules.all().forEach(r -> all.add(r.id()));
        all.removeAll(covered);
        assertEquals(Set.of(), all, "rules without a case");
    }
}
