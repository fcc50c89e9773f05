package dev.schemacode.core.lint;

import static dev.schemacode.core.lint.RuleLevel.ERROR;
import static dev.schemacode.core.lint.RuleLevel.OFF;
import static dev.schemacode.core.lint.RuleLevel.WARN;

import dev.schemacode.core.engine.EngineKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.CheckSum;

/**
 * The catalogue of risk rules. Sources for what each detects and the safer way: squawk's rule
 * list (squawkhq.com/docs/rules) and strong_migrations' README (github.com/ankane/strong_migrations),
 * summarised in ../shared/LINT-ANCHORS.md; Liquibase's change-type documentation for which
 * changes roll back automatically.
 */
public final class Rules {

    private static final Set<EngineKind> ALL = Set.of();
    private static final Set<EngineKind> PG = EnumSet.of(EngineKind.POSTGRESQL);
    private static final Set<EngineKind> MYSQL = EnumSet.of(EngineKind.MARIADB);
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v4", "uuid_generate_v1",
            "clock_timestamp", "timeofday", "nextval", "uuid", "rand", "sys_guid", "newid");

    private static final Map<String, Rule> CATALOGUE = new LinkedHashMap<>();

    /** The id of the rule judged per file instead of per changeset. */
    static final String UNUSED_FILE = "unused-file";

    private Rules() {
    }

    /** @return every rule, in the order of the README's table */
    public static List<Rule> all() {
        return List.copyOf(CATALOGUE.values());
    }

    /** @return the rule with this id, or {@code null} */
    public static Rule byId(String id) {
        return CATALOGUE.get(id);
    }

    private static void rule(String id, RuleLevel level, Set<EngineKind> engines, String why, String saferWay, String covers,
            Rule.Check check) {
        CATALOGUE.put(id, new Rule(id, level, why, saferWay, covers, engines, check));
    }

    private static void forOps(ChangesetFacts cs, Op.Kind kind, Consumer<Op> each) {
        for (Op op : cs.ops()) {
            if (op.kind == kind) {
                each.accept(op);
            }
        }
    }

    /** Reports each operation of {@code kind} on a table that already holds data, when {@code when} holds. */
    private static Rule.Check onExisting(Op.Kind kind, java.util.function.Predicate<Op> when, java.util.function.Function<Op, String> message) {
        return (cs, t, r) -> forOps(cs, kind, op -> {
            if (cs.existing(op.table) && when.test(op)) {
                r.accept(message.apply(op));
            }
        });
    }

    /** Reports each column added by addColumn (or ALTER TABLE … ADD) to a table that already holds data, when {@code when} holds. */
    private static Rule.Check addedColumns(java.util.function.Predicate<Op.Column> when, java.util.function.BiFunction<Op, Op.Column, String> message) {
        return (cs, t, r) -> forOps(cs, Op.Kind.ADD_COLUMN, op -> {
            for (Op.Column c : op.columns) {
                if (cs.existing(op.table) && when.test(c)) {
                    r.accept(message.apply(op, c));
                }
            }
        });
    }

    private static String named(Op op) {
        return op.name == null ? "" : op.name + " ";
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static boolean ddl(ChangesetFacts cs) {
        return cs.ops().stream().anyMatch(o -> o.kind.ddl());
    }

    /** Operations that take a lock blocking reads or writes of an existing table on PostgreSQL. */
    private static boolean locking(Op op, ChangesetFacts cs) {
        return switch (op.kind) {
            case ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, RENAME_TABLE, CHANGE_TYPE, ADD_NOT_NULL, DROP_NOT_NULL, ADD_DEFAULT,
                    ADD_FOREIGN_KEY, ADD_UNIQUE, ADD_CHECK, ADD_PRIMARY_KEY, ADD_EXCLUSION, DROP_CONSTRAINT, DROP_TABLE -> cs.existing(op.table);
            case CREATE_INDEX, DROP_INDEX -> !op.concurrently && cs.existing(op.table);
            case REINDEX -> !op.concurrently;
            default -> false;
        };
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern CHAR_TYPE = Pattern.compile("(char|character|nchar)(\\s*\\(\\s*\\d+\\s*\\))?");
    private static final Pattern TIMESTAMP_TYPE = Pattern.compile("(timestamp|datetime)(\\s*\\(\\d\\))?( without time zone)?");
    private static final Pattern INT_KEY_TYPE = Pattern.compile("(int|integer|int4|smallint|int2|serial|smallserial|mediumint)");
    private static final Pattern SERIAL_TYPE = Pattern.compile("(small|big)?serial[248]?");
    private static final Pattern VARCHAR_TYPE = Pattern.compile("(varchar|character varying)\\s*\\(\\s*\\d+\\s*\\)");

    /** The column's type in lower case with single spaces (as written, so {@code VARCHAR( 20 )} stays distinct). */
    private static String typeOf(Op.Column c) {
        return WHITESPACE.matcher(lower(c.type())).replaceAll(" ").trim();
    }

    static {
        // --- destructive changes ---------------------------------------------------------------
        rule("drop-table", ERROR, ALL, "dropping a table loses its data, and code still using it fails",
                "stop using the table in one release, then drop it in a later one (after a backup if the data matters)",
                "squawk ban-drop-table",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_TABLE, op -> r.accept("drops table " + op.object()
                        + (op.cascade ? " with CASCADE (dependent views and keys go too)" : ""))));
        rule("drop-column", ERROR, ALL, "dropping a column loses its data, and running code that still reads or writes it fails",
                "first release code that no longer uses the column (e.g. remove it from the entity), then drop it in a later release",
                "squawk ban-drop-column; strong_migrations removing a column",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_COLUMN, op -> r.accept("drops column " + op.object()
                        + ("mergeColumns".equals(op.change) ? " (mergeColumns drops both source columns)" : ""))));
        rule("drop-view", WARN, ALL, "dropping a view breaks code and reports that query it",
                "drop it in a release after nothing queries it any more", "",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_VIEW, op -> r.accept("drops view " + op.object())));
        rule("drop-sequence", WARN, ALL, "dropping a sequence breaks inserts that still draw from it",
                "drop it in a release after no column default or code uses it", "",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_SEQUENCE, op -> r.accept("drops sequence " + op.object())));
        rule("drop-constraint", WARN, ALL, "dropping a key or constraint lets invalid data in and may slow the queries that used its index",
                "make sure nothing relies on it; to replace it, add the new constraint first, then drop the old one",
                "",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_CONSTRAINT, op -> r.accept("drops constraint "
                        + (op.name == null ? "on " + op.table : op.name + " of " + op.table))));
        rule("drop-database", ERROR, ALL, "dropping a database or schema destroys everything in it",
                "never from a migration: do it by hand, deliberately", "squawk ban-drop-database",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_DATABASE, op -> r.accept("drops database or schema " + op.object())));
        rule("rename-table", ERROR, ALL, "renaming a table breaks running code that uses the old name until every instance is redeployed",
                "create the new table (or a view with the new name), write to both, move reads, then drop the old one",
                "squawk renaming-table; strong_migrations renaming a table",
                (cs, t, r) -> forOps(cs, Op.Kind.RENAME_TABLE, op -> r.accept("renames table " + op.table + " to " + op.name)));
        rule("rename-column", ERROR, ALL, "renaming a column breaks running code that uses the old name until every instance is redeployed",
                "add the new column, write to both, backfill, move reads, then drop the old column in a later release",
                "squawk renaming-column; strong_migrations renaming a column",
                (cs, t, r) -> forOps(cs, Op.Kind.RENAME_COLUMN, op -> r.accept("renames column " + op.object() + " to " + op.name)));
        rule("change-column-type", WARN, ALL, "changing a column's type rewrites the table under an exclusive lock (PostgreSQL, most MySQL changes)"
                        + " and can narrow or reject existing values",
                "add a column of the new type, backfill it in batches, move reads and writes, then drop the old column",
                "squawk changing-column-type; strong_migrations changing the type of a column",
                onExisting(Op.Kind.CHANGE_TYPE, op -> true,
                        op -> "changes the type of " + op.object() + (op.newType == null ? "" : " to " + op.newType)));
        rule("truncate", ERROR, ALL, "TRUNCATE deletes every row, without a WHERE and (on most engines) without a way back",
                "delete only the rows you mean with a WHERE, in a data changeset with a rollback",
                "squawk ban-truncate-cascade",
                (cs, t, r) -> forOps(cs, Op.Kind.TRUNCATE, op -> r.accept("truncates " + op.object()
                        + (op.cascade ? " with CASCADE (and every table referencing it)" : ""))));
        rule("delete-without-where", ERROR, ALL, "a DELETE without WHERE empties the table",
                "add a WHERE naming the rows to delete", "",
                (cs, t, r) -> forOps(cs, Op.Kind.DELETE, op -> {
                    if (!op.hasWhere) {
                        r.accept("deletes every row of " + op.object() + " (no WHERE)");
                    }
                }));
        rule("update-without-where", WARN, ALL, "an UPDATE without WHERE rewrites every row in one transaction, holding row locks throughout",
                "backfill in batches (WHERE id BETWEEN …) in changesets of their own, outside the DDL's transaction",
                "strong_migrations backfilling data",
                (cs, t, r) -> forOps(cs, Op.Kind.UPDATE, op -> {
                    if (!op.hasWhere) {
                        r.accept("updates every row of " + op.object() + " (no WHERE)");
                    }
                }));
        rule("drop-not-null", WARN, ALL, "dropping NOT NULL lets nulls into a column that code reading it assumes is filled",
                "make sure every reader copes with null first", "squawk ban-drop-not-null",
                (cs, t, r) -> forOps(cs, Op.Kind.DROP_NOT_NULL, op -> r.accept("drops NOT NULL from " + op.object())));

        // --- rollback ---------------------------------------------------------------------------
        rule("no-rollback", WARN, ALL, "Liquibase cannot undo this changeset by itself and it has no rollback of its own, so a rollback stops here"
                        + " (with schema.lock present, schema:selftest fails on such a new changeset)",
                "add a rollback that undoes it (an empty one when undoing needs nothing)",
                "",
                (cs, t, r) -> {
                    if (cs.hasRollback()) {
                        return;
                    }
                    for (Change change : cs.changeSet().getChanges()) {
                        if (!change.supportsRollback(t.database())) {
                            r.accept(change.getSerializedObjectName() + " has no automatic rollback");
                            return;
                        }
                    }
                });

        // --- NOT NULL, defaults, new columns ------------------------------------------------------
        rule("not-null-without-default", ERROR, ALL, "a NOT NULL column without a default cannot be added to a table that has rows",
                "add the column nullable (or with a default), backfill it, then add the NOT NULL constraint",
                "squawk adding-required-field",
                addedColumns(c -> c.notNull() && c.defaultValue() == null && !c.autoIncrement(),
                        (op, c) -> "adds NOT NULL column " + op.table + "." + c.name() + " without a default"));
        rule("set-not-null", WARN, PG, "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
                "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later changeset, then SET NOT NULL (PostgreSQL 12+ uses the check)",
                "squawk adding-not-nullable-field; strong_migrations setting NOT NULL on an existing column",
                onExisting(Op.Kind.ADD_NOT_NULL, op -> true, op -> "sets NOT NULL on " + op.object() + ", an existing table"));
        rule("volatile-default", WARN, ALL, "a column added with a volatile default (random(), uuid, nextval, clock_timestamp()) rewrites the whole table",
                "add the column without a default, set the default in a second step, and backfill existing rows in batches",
                "squawk adding-field-with-default; strong_migrations adding a column with a volatile default",
                (cs, t, r) -> {
                    for (Op op : cs.ops()) {
                        if ((op.kind == Op.Kind.ADD_COLUMN || op.kind == Op.Kind.ADD_DEFAULT) && cs.existing(op.table)) {
                            for (Op.Column c : op.columns) {
                                String def = lower(c.defaultValue());
                                if (c.defaultComputed() && VOLATILE.stream().anyMatch(f -> def.startsWith(f + "(") || def.contains(" " + f + "("))) {
                                    r.accept("gives " + op.table + "." + c.name() + " the volatile default " + c.defaultValue());
                                }
                            }
                        }
                    }
                });
        rule("add-auto-increment-column", WARN, ALL, "adding an auto-increment (serial, identity) column fills every row: a table rewrite under lock",
                "create a new table with the key and copy the data in batches, or add a nullable column filled from a sequence in batches",
                "squawk adding-serial-primary-key-field; strong_migrations adding an auto-incrementing column",
                addedColumns(Op.Column::autoIncrement,
                        (op, c) -> "adds auto-increment column " + op.table + "." + c.name() + " to an existing table"));
        rule("stored-generated-column", WARN, ALL, "adding a stored generated column computes it for every row: a table rewrite under lock",
                "add a plain column, backfill it in batches and keep it filled from the application or a trigger",
                "strong_migrations adding a stored generated column",
                addedColumns(Op.Column::generatedStored, (op, c) -> "adds stored generated column " + op.table + "." + c.name()));

        // --- locks on PostgreSQL --------------------------------------------------------------------
        rule("index-not-concurrent", WARN, PG, "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
                "create it with raw SQL CREATE INDEX CONCURRENTLY … in a changeset of its own with runInTransaction false",
                "squawk require-concurrent-index-creation; strong_migrations adding an index non-concurrently",
                onExisting(Op.Kind.CREATE_INDEX, op -> !op.concurrently,
                        op -> "creates index " + named(op) + "on " + op.table + " without CONCURRENTLY"));
        rule("drop-index-not-concurrent", WARN, PG, "DROP INDEX without CONCURRENTLY takes an exclusive lock on the table",
                "drop it with raw SQL DROP INDEX CONCURRENTLY … in a changeset of its own with runInTransaction false",
                "squawk require-concurrent-index-deletion",
                onExisting(Op.Kind.DROP_INDEX, op -> !op.concurrently, op -> "drops index " + op.object() + " without CONCURRENTLY"));
        rule("concurrently-in-transaction", ERROR, PG, "CREATE/DROP INDEX and REINDEX CONCURRENTLY cannot run inside a transaction, and Liquibase runs each changeset in one",
                "set runInTransaction false on the changeset (and keep it to that one statement)",
                "squawk ban-concurrent-index-creation-in-transaction",
                (cs, t, r) -> {
                    if (cs.changeSet().isRunInTransaction()) {
                        for (Op op : cs.ops()) {
                            if (op.concurrently && (op.kind == Op.Kind.CREATE_INDEX || op.kind == Op.Kind.DROP_INDEX || op.kind == Op.Kind.REINDEX)) {
                                String does = op.kind == Op.Kind.CREATE_INDEX ? "creates an index" : op.kind == Op.Kind.DROP_INDEX ? "drops an index" : "reindexes";
                                r.accept(does + " CONCURRENTLY in a changeset that runs in a transaction");
                            }
                        }
                    }
                });
        rule("foreign-key-validation", WARN, PG, "adding a foreign key checks every row while it locks both tables against writes",
                "add it NOT VALID (raw SQL, or validate false on addForeignKeyConstraint), then VALIDATE CONSTRAINT in a later changeset",
                "squawk adding-foreign-key-constraint, constraint-missing-not-valid; strong_migrations adding a foreign key, adding a reference",
                onExisting(Op.Kind.ADD_FOREIGN_KEY, op -> !op.notValid,
                        op -> "adds foreign key " + named(op) + "to " + op.table + " without NOT VALID"));
        rule("check-constraint-validation", WARN, PG, "adding a CHECK constraint scans the table under an ACCESS EXCLUSIVE lock",
                "add it with NOT VALID, then VALIDATE CONSTRAINT in a later changeset",
                "squawk constraint-missing-not-valid; strong_migrations adding a check constraint",
                onExisting(Op.Kind.ADD_CHECK, op -> !op.notValid,
                        op -> "adds check constraint " + named(op) + "to " + op.table + " without NOT VALID"));
        rule("unique-constraint", WARN, PG, "adding a UNIQUE constraint builds its index while blocking reads and writes",
                "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX (Liquibase: forIndexName)",
                "squawk disallowed-unique-constraint; strong_migrations adding a unique constraint",
                onExisting(Op.Kind.ADD_UNIQUE, op -> !op.notValid,
                        op -> "adds unique constraint " + named(op) + "to " + op.table + " without an existing index"));
        rule("detach-partition-not-concurrent", WARN, PG, "DETACH PARTITION without CONCURRENTLY locks the parent table",
                "use DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) with runInTransaction false",
                "squawk require-concurrent-partition-detach",
                (cs, t, r) -> forOps(cs, Op.Kind.DETACH_PARTITION, op -> {
                    if (!op.concurrently) {
                        r.accept("detaches a partition of " + op.table + " without CONCURRENTLY");
                    }
                }));
        rule("reindex-not-concurrent", WARN, PG, "REINDEX without CONCURRENTLY blocks writes to the table, and reads that use the index, while it rebuilds",
                "use REINDEX … CONCURRENTLY (PostgreSQL 12+) in a changeset of its own with runInTransaction false",
                "squawk require-concurrent-reindex",
                (cs, t, r) -> forOps(cs, Op.Kind.REINDEX, op -> {
                    if (!op.concurrently) {
                        String what = op.object().isEmpty() ? "" : " " + op.object();
                        r.accept("reindexes" + what + " without CONCURRENTLY");
                    }
                }));
        rule("exclusion-constraint", WARN, PG, "adding an exclusion constraint builds its index and checks every row while it blocks reads and writes to the table",
                "there is no concurrent way: add it when the table is created, or while the table is small or its writes can wait",
                "strong_migrations adding an exclusion constraint",
                onExisting(Op.Kind.ADD_EXCLUSION, op -> true,
                        op -> "adds exclusion constraint " + named(op) + "to " + op.table));
        rule("domain-constraint", WARN, PG, "a CHECK on a domain is checked for every column of that type; adding one to a domain in use scans all those tables under lock",
                "put the CHECK on the table's columns (added NOT VALID, then validated) instead of the domain",
                "squawk ban-create-domain-with-constraint, ban-alter-domain-with-add-constraint",
                (cs, t, r) -> forOps(cs, Op.Kind.CREATE_DOMAIN_CONSTRAINT, op -> {
                    if (!op.notValid) {
                        r.accept(op.name + " with a CHECK constraint");
                    }
                }));
        rule("enum-value-ordering", OFF, PG, "ALTER TYPE … ADD VALUE without BEFORE or AFTER appends the value, which sorts last",
                "say where it goes: ADD VALUE 'x' BEFORE 'y' (or AFTER)", "squawk require-enum-value-ordering",
                (cs, t, r) -> forOps(cs, Op.Kind.ALTER_ENUM, op -> {
                    if (!op.ordered) {
                        r.accept("adds an enum value without BEFORE or AFTER");
                    }
                }));
        rule("table-without-schema", OFF, ALL, "a table created without a schema goes wherever the deploying connection's search path points",
                "name the schema (schemaName, or schema.table in SQL)", "squawk require-table-schema",
                (cs, t, r) -> forOps(cs, Op.Kind.CREATE_TABLE, op -> {
                    if (!op.schemaQualified) {
                        r.accept("creates table " + op.table + " without a schema");
                    }
                }));
        rule("missing-lock-timeout", OFF, PG, "DDL waiting for a lock queues every other query on the table behind it; without lock_timeout it waits forever",
                "start the changeset with raw SQL SET lock_timeout = '5s' (or set lock_timeout for the deploying role) and retry on timeout",
                "squawk require-timeout-settings; strong_migrations lock and statement timeouts",
                (cs, t, r) -> {
                    boolean timeout = cs.ops().stream().anyMatch(o -> o.kind == Op.Kind.SET_TIMEOUT);
                    if (!timeout && cs.ops().stream().anyMatch(o -> locking(o, cs))) {
                        r.accept("locks an existing table without setting lock_timeout first");
                    }
                });
        rule("transaction-nesting", ERROR, ALL, "BEGIN/COMMIT inside a changeset fights Liquibase's own transaction: part of it commits early, or the rest runs outside any transaction",
                "remove the BEGIN/COMMIT; split the work into changesets, or set runInTransaction false when it must manage its own",
                "squawk transaction-nesting, ban-uncommitted-transaction",
                (cs, t, r) -> {
                    if (cs.changeSet().isRunInTransaction() && cs.ops().stream().anyMatch(o -> o.kind == Op.Kind.BEGIN || o.kind == Op.Kind.COMMIT)) {
                        r.accept("contains BEGIN or COMMIT although Liquibase runs it in a transaction");
                    }
                });
        rule("backfill-with-ddl", WARN, ALL, "updating data in the same changeset as DDL keeps the DDL's locks for as long as the backfill runs",
                "put the backfill in a changeset of its own, in batches", "strong_migrations backfilling data",
                (cs, t, r) -> {
                    boolean lockingDdl = cs.ops().stream().anyMatch(o -> o.kind.ddl() && cs.existing(o.table) && o.table != null);
                    if (lockingDdl && cs.ops().stream().anyMatch(o -> o.kind == Op.Kind.UPDATE)) {
                        r.accept("updates rows in the same changeset as DDL on an existing table");
                    }
                });

        // --- MySQL / MariaDB --------------------------------------------------------------------------
        rule("mysql-multiple-ddl", WARN, MYSQL, "MySQL and MariaDB commit each DDL statement on its own: if a later one fails, the earlier ones stay applied",
                "put each DDL change in a changeset of its own", "",
                (cs, t, r) -> {
                    long count = cs.ops().stream().filter(o -> o.kind.ddl()).count();
                    if (count > 1) {
                        r.accept("has " + count + " DDL changes; a failure after the first leaves the changeset half applied");
                    }
                });
        rule("json-column", WARN, PG, "json has no equality operator (DISTINCT, GROUP BY, UNION fail) and is reparsed on every read",
                "use jsonb", "strong_migrations adding a json column",
                (cs, t, r) -> columns(cs, (op, c) -> typeOf(c).equals("json"), (op, c) -> r.accept("column " + op.table + "." + c.name() + " is json")));
        rule("char-column", WARN, ALL, "char(n) pads values with blanks and is no faster than varchar or text",
                "use varchar(n) or text", "squawk ban-char-field",
                (cs, t, r) -> columns(cs, (op, c) -> CHAR_TYPE.matcher(typeOf(c)).matches(),
                        (op, c) -> r.accept("column " + op.table + "." + c.name() + " is " + c.type())));
        rule("timestamp-without-time-zone", WARN, PG, "timestamp without time zone stores wall-clock times that change meaning with the server's or client's zone",
                "use timestamptz (timestamp with time zone)", "squawk prefer-timestamptz",
                (cs, t, r) -> columns(cs, (op, c) -> TIMESTAMP_TYPE.matcher(typeOf(c)).matches(),
                        (op, c) -> r.accept("column " + op.table + "." + c.name() + " is " + c.type() + " (without time zone)")));
        rule("int-primary-key", WARN, ALL, "a 32-bit (or 16-bit) key runs out at 2.1 billion rows, and widening it later rewrites the table and its references",
                "use bigint for primary keys", "squawk prefer-bigint-over-int, prefer-bigint-over-smallint",
                (cs, t, r) -> columns(cs, (op, c) -> c.primaryKey() && INT_KEY_TYPE.matcher(typeOf(c)).matches(),
                        (op, c) -> r.accept("primary key " + op.table + "." + c.name() + " is " + c.type())));
        rule("serial-column", WARN, PG, "serial columns own a separate sequence with its own permissions and quirks",
                "use bigint GENERATED BY DEFAULT AS IDENTITY (Liquibase's autoIncrement does this on PostgreSQL)",
                "squawk prefer-identity",
                (cs, t, r) -> columns(cs, (op, c) -> SERIAL_TYPE.matcher(typeOf(c)).matches(),
                        (op, c) -> r.accept("column " + op.table + "." + c.name() + " is " + c.type())));
        rule("varchar-length", OFF, PG, "changing varchar(n)'s length later needs an exclusive lock; PostgreSQL stores text just as well",
                "use text, with a CHECK on length if a limit matters", "squawk prefer-text-field",
                (cs, t, r) -> columns(cs, (op, c) -> VARCHAR_TYPE.matcher(typeOf(c)).matches(),
                        (op, c) -> r.accept("column " + op.table + "." + c.name() + " is " + c.type())));
        rule("wide-index", OFF, ALL, "non-unique indexes over more than three columns are rarely used in full and slow every write",
                "index the two or three most selective columns", "strong_migrations keeping non-unique indexes to three columns or less",
                (cs, t, r) -> forOps(cs, Op.Kind.CREATE_INDEX, op -> {
                    if (!op.unique && op.indexColumns > 3) {
                        r.accept("index " + op.object() + " has " + op.indexColumns + " columns");
                    }
                }));
        rule("table-without-primary-key", WARN, ALL, "a table without a primary key cannot be replicated row by row, and duplicates creep in",
                "give it a primary key (bigint identity, or the natural key)", "",
                (cs, t, r) -> forOps(cs, Op.Kind.CREATE_TABLE, op -> {
                    boolean pk = op.columns.stream().anyMatch(Op.Column::primaryKey)
                            || cs.ops().stream().anyMatch(o -> o.kind == Op.Kind.ADD_PRIMARY_KEY && lower(o.table).equals(lower(op.table)));
                    if (!pk && !op.columns.isEmpty()) {
                        r.accept("creates table " + op.table + " without a primary key");
                    }
                }));
        rule("identifier-too-long", ERROR, ALL, "the target truncates or rejects longer names (PostgreSQL cuts at 63 bytes, so two long names can collide), which H2 accepts",
                "shorten the name", "squawk identifier-too-long",
                (cs, t, r) -> {
                    int max = t.maxIdentifier();
                    if (max == 0) {
                        return;
                    }
                    for (Op op : cs.ops()) {
                        List<String> names = new ArrayList<>();
                        if (op.kind == Op.Kind.CREATE_TABLE || op.kind == Op.Kind.ADD_COLUMN) {
                            names.add(op.table);
                            op.columns.forEach(c -> names.add(c.name()));
                        }
                        if (op.kind == Op.Kind.CREATE_INDEX || op.kind == Op.Kind.ADD_FOREIGN_KEY || op.kind == Op.Kind.ADD_UNIQUE
                                || op.kind == Op.Kind.ADD_CHECK || op.kind == Op.Kind.ADD_PRIMARY_KEY || op.kind == Op.Kind.CREATE_VIEW
                                || op.kind == Op.Kind.RENAME_TABLE || op.kind == Op.Kind.RENAME_COLUMN) {
                            names.add(op.name);
                        }
                        for (String name : names) {
                            int length = name == null ? 0 : t.postgres() ? name.getBytes(StandardCharsets.UTF_8).length : name.length();
                            if (length > max) {
                                r.accept("name " + name + " is " + length + (t.postgres() ? " bytes" : " characters") + "; " + t.dialect()
                                        + " allows " + max);
                            }
                        }
                    }
                });

        // --- changeset attributes ------------------------------------------------------------------------
        rule("run-always-ddl", WARN, ALL, "DDL in a runAlways or runOnChange changeset runs again on later deploys and fails or repeats its effect",
                "keep runAlways/runOnChange for idempotent definitions (CREATE OR REPLACE views and procedures)", "",
                (cs, t, r) -> {
                    boolean replaceable = cs.ops().stream().allMatch(o -> o.kind == Op.Kind.CREATE_VIEW || o.kind == Op.Kind.OTHER_DDL
                            || !o.kind.ddl());
                    if (cs.changeSet().isAlwaysRun() && ddl(cs)) {
                        r.accept("is runAlways and changes the schema");
                    } else if (cs.changeSet().isRunOnChange() && ddl(cs) && !replaceable) {
                        r.accept("is runOnChange and changes tables (it runs again whenever it is edited)");
                    }
                });
        rule("fail-on-error-false", WARN, ALL, "failOnError false records a failed changeset as applied, so the deploy looks green with the change missing",
                "remove failOnError, and make the changeset safe to run with a precondition (onFail MARK_RAN)", "",
                (cs, t, r) -> {
                    if (Boolean.FALSE.equals(cs.changeSet().getFailOnError())) {
                        r.accept("has failOnError false");
                    }
                });
        rule("valid-checksum-any", WARN, ALL, "validCheckSum ANY hides every later edit of the changeset from the checksum check",
                "name the exact checksum you accept (validCheckSum 9:…), or record the edit with schema:lock", "",
                (cs, t, r) -> {
                    for (CheckSum sum : cs.changeSet().getValidCheckSums()) {
                        if (sum.toString().equalsIgnoreCase("ANY") || sum.toString().equalsIgnoreCase("1:any")) {
                            r.accept("accepts any checksum (validCheckSum ANY)");
                            return;
                        }
                    }
                });
        rule("missing-author", WARN, ALL, "without an author the changeset's identity is ambiguous and no one can be asked about it",
                "set an author", "",
                (cs, t, r) -> {
                    String author = cs.changeSet().getAuthor();
                    if (author == null || author.isBlank()) {
                        r.accept("has no author");
                    }
                });
        rule("undefined-parameter", ERROR, ALL, "Liquibase leaves a ${parameter} that nothing defines in the SQL as it is, which fails or does the wrong thing on the target",
                "define it with <changeLogParameters>, a property in the changelog (for each dbms it is used with) or spring.liquibase.parameters.*",
                "", (cs, t, r) -> { }); // found by the validation (ChangelogValidator), judged here
        rule("unknown-dbms", ERROR, ALL, "a dbms value that names no database Liquibase knows never matches, so the changeset silently never runs",
                "use Liquibase's name of the database (postgresql, mariadb, mysql, oracle, mssql, h2, …)",
                "", (cs, t, r) -> { }); // found by the validation (ChangelogValidator), judged here
        rule(UNUSED_FILE, WARN, ALL, "a changelog file under the master's folder holds changesets that no changelog includes: a migration that will never run",
                "include it from the master (or a changelog it includes), or delete it", "",
                (cs, t, r) -> { }); // judged per file, not per changeset: see UnusedFiles
        rule("not-self-tested", WARN, ALL, "a changeset limited by dbms to other engines never runs in the self-test, so its first run is on the target",
                "self-test on the target's engine (-Dschema.selftestEngine=postgresql or mariadb)", "",
                (cs, t, r) -> {
                    Set<String> dbms = cs.changeSet().getDbmsSet();
                    if (dbms != null && !dbms.isEmpty() && !liquibase.util.StringUtil.join(dbms, ",").isEmpty()
                            && !liquibase.database.DatabaseList.definitionMatches(dbms, t.selfTestDialect(), false)) {
                        // the self-test engine that runs it, if there is one
                        String engine = dbms.stream().anyMatch(d -> d.equalsIgnoreCase("postgresql")) ? "postgresql"
                                : dbms.stream().anyMatch(d -> d.equalsIgnoreCase("mysql") || d.equalsIgnoreCase("mariadb")) ? "mariadb" : null;
                        r.accept("is limited by dbms to " + String.join(", ", dbms) + " and is not self-tested on " + t.selfTestDialect()
                                + (engine == null ? "" : "; -Dschema.selftestEngine=" + engine + " would run it"));
                    }
                });
    }

    private interface ColumnTest {
        boolean test(Op op, Op.Column column);
    }

    private interface ColumnReport {
        void report(Op op, Op.Column column);
    }

    /** Columns defined by createTable and addColumn (change types and SQL). */
    private static void columns(ChangesetFacts cs, ColumnTest test, ColumnReport report) {
        for (Op op : cs.ops()) {
            if (op.kind == Op.Kind.CREATE_TABLE || op.kind == Op.Kind.ADD_COLUMN) {
                for (Op.Column c : op.columns) {
                    if (c.type() != null && test.test(op, c)) {
                        report.report(op, c);
                    }
                }
            }
        }
    }
}
