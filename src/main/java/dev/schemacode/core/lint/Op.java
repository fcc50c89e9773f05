package dev.schemacode.core.lint;

import java.util.List;

/**
 * One schema or data operation of a changeset, the same whether it comes from a Liquibase change
 * type ({@code dropTable}) or from raw SQL parsed with JSqlParser ({@code DROP TABLE}), so that one
 * rule judges both. Fields that do not apply to the kind stay at their defaults.
 */
final class Op {

    /** What the operation does. */
    enum Kind {
        CREATE_TABLE, DROP_TABLE, RENAME_TABLE, ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, CHANGE_TYPE,
        ADD_NOT_NULL, DROP_NOT_NULL, ADD_DEFAULT, ADD_FOREIGN_KEY, ADD_UNIQUE, ADD_CHECK, ADD_PRIMARY_KEY,
        ADD_EXCLUSION, DROP_CONSTRAINT, CREATE_INDEX, DROP_INDEX, CREATE_VIEW, DROP_VIEW, DROP_SEQUENCE,
        DROP_DATABASE, TRUNCATE, DELETE, UPDATE, INSERT, SET_TIMEOUT, BEGIN, COMMIT, REINDEX,
        DETACH_PARTITION, ALTER_ENUM, CREATE_DOMAIN_CONSTRAINT, OTHER_DDL, OTHER;

        /** @return whether it changes the schema (DDL), as opposed to data or session settings */
        boolean ddl() {
            return switch (this) {
                case TRUNCATE, DELETE, UPDATE, INSERT, SET_TIMEOUT, BEGIN, COMMIT, OTHER -> false;
                default -> true;
            };
        }
    }

    /** A column as the operation defines it. */
    record Column(String name, String type, boolean notNull, boolean primaryKey, String defaultValue,
            boolean defaultComputed, boolean autoIncrement, boolean generatedStored) { }

    final Kind kind;
    final String change;
    String table;
    String column;
    String name;
    String newType;
    List<Column> columns = List.of();
    int indexColumns;
    boolean unique;
    boolean concurrently;
    boolean hasWhere = true;
    boolean cascade;
    boolean notValid;
    boolean hasDefault;
    boolean columnTypeGiven = true;
    boolean schemaQualified;
    boolean ordered;
    String sql;

    /**
     * @param kind what it does
     * @param change the Liquibase change type it came from ({@code dropTable}), or {@code sql} for
     *     raw SQL
     */
    Op(Kind kind, String change) {
        this.kind = kind;
        this.change = change;
    }

    Op table(String t) {
        this.table = t;
        return this;
    }

    Op column(String c) {
        this.column = c;
        return this;
    }

    Op name(String n) {
        this.name = n;
        return this;
    }

    /** @return whether it came from raw SQL */
    boolean raw() {
        return "sql".equals(change) || "sqlFile".equals(change);
    }

    /** @return the object as named in messages, e.g. {@code orders.status} or {@code orders} */
    String object() {
        if (table != null && column != null) {
            return table + "." + column;
        }
        if (table != null) {
            return table;
        }
        return name != null ? name : "";
    }
}
