package dev.schemacode.core.lint;

import dev.schemacode.core.engine.EngineKind;
import liquibase.database.Database;

/**
 * The database the changelog is deployed to, as far as the rules need it.
 *
 * @param dialect Liquibase's short name ({@code postgresql}, {@code mysql}, {@code h2}, …)
 * @param kind the engine family when it is one Schemacode knows, else {@code null}
 * @param database an offline Liquibase database of that dialect (rollback support, types)
 * @param selfTestDialect the dialect the self-test runs on ({@code h2} by default)
 */
record LintTarget(String dialect, EngineKind kind, Database database, String selfTestDialect) {

    boolean postgres() {
        return kind == EngineKind.POSTGRESQL;
    }

    boolean mysqlFamily() {
        return kind == EngineKind.MARIADB;
    }

    /** @return the longest identifier the target accepts, in bytes (PostgreSQL) or characters; 0 when unknown */
    int maxIdentifier() {
        return switch (dialect) {
            case "postgresql" -> 63;
            case "mysql", "mariadb" -> 64;
            case "oracle", "mssql" -> 128;
            default -> 0;
        };
    }
}
