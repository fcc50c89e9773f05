package dev.schemacode;

import dev.schemacode.core.config.Secret;
import dev.schemacode.core.config.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test, on the real PostgreSQL or MariaDB server of this machine
 * (127.0.0.1, see DEVELOPERS.md), created on open and dropped on close, so runs never see each
 * other's state. Without the server the test is skipped with one line saying why (failed under
 * {@code CI=true}).
 */
public final class TestDatabase implements AutoCloseable {

    private final String kind;
    private final String name;
    private final String adminUrl;
    private final String url;
    private final String user;

    private TestDatabase(String kind, String name, String adminUrl, String url, String user) {
        this.kind = kind;
        this.name = name;
        this.adminUrl = adminUrl;
        this.url = url;
        this.user = user;
    }

    /** A fresh database on PostgreSQL at 127.0.0.1:5432, user postgres (trust auth). */
    public static TestDatabase postgres() throws SQLException {
        String name = "sc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        TestDatabase db = new TestDatabase("postgresql", name, "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3",
                "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres");
        db.create();
        return db;
    }

    /** A fresh database on MariaDB at 127.0.0.1:3306, user root with an empty password. */
    public static TestDatabase mariadb() throws SQLException {
        String name = "sc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        TestDatabase db = new TestDatabase("mariadb", name, "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=3000",
                "jdbc:mariadb://127.0.0.1:3306/" + name, "root");
        db.create();
        return db;
    }

    /**
     * For integration tests, whose POMs name their database: drops {@code name} if it exists and
     * creates it again.
     */
    public static TestDatabase recreate(String kind, String name) throws SQLException {
        TestDatabase db = existing(kind, name);
        db.close();
        db.create();
        return db;
    }

    /** For integration tests: a handle on database {@code name} as it is; closing it drops it. */
    public static TestDatabase existing(String kind, String name) {
        return kind.equals("postgresql")
                ? new TestDatabase(kind, name, "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3",
                        "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres")
                : new TestDatabase(kind, name, "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=3000",
                        "jdbc:mariadb://127.0.0.1:3306/" + name, "root");
    }

    /** @return whether the server of {@code kind} accepts connections; a reason is printed when not */
    public static boolean reachable(String kind) {
        String url = kind.equals("postgresql") ? "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3"
                : "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=3000";
        try (Connection c = DriverManager.getConnection(url, kind.equals("postgresql") ? "postgres" : "root", "")) {
            return true;
        } catch (SQLException e) {
            System.out.println(kind + " is not reachable at " + url.replaceAll("\\?.*", "") + ": " + e.getMessage());
            return false;
        }
    }

    /** @return a fresh database of the given kind: {@code postgresql} or {@code mariadb} */
    public static TestDatabase of(String kind) throws SQLException {
        return switch (kind) {
            case "postgresql" -> postgres();
            case "mariadb" -> mariadb();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private void create() throws SQLException {
        Connection admin;
        try {
            admin = DriverManager.getConnection(adminUrl, user, "");
        } catch (SQLException e) {
            RealDatabases.require(false, kind + " is not reachable at " + adminUrl.replaceAll("\\?.*", "")
                    + " (" + e.getMessage() + "); .ci/run starts it");
            throw e;
        }
        try (admin; Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    /** @return the database's JDBC URL */
    public String url() {
        return url;
    }

    /** @return a deploy target for this database */
    public Target target() {
        return Target.of(url, user, Secret.empty());
    }

    /** @return Liquibase's history table as this database spells it */
    public String historyTable() {
        return kind.equals("postgresql") ? "databasechangelog" : "DATABASECHANGELOG";
    }

    /** @return the number of rows in Liquibase's history table, and the tag of the last one */
    public String history() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(TAG) FROM " + historyTable())) {
            r.next();
            return r.getInt(1) + " rows, tag " + r.getString(2);
        }
    }

    /** @return a new connection (auto-commit on) */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** @return the table names of the database, lower case */
    public java.util.Set<String> tables() throws SQLException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (Connection c = connect();
                java.sql.ResultSet r = c.getMetaData().getTables(kind.equals("mariadb") ? name : null,
                        kind.equals("postgresql") ? "public" : null, "%", new String[] {"TABLE", "VIEW"})) {
            while (r.next()) {
                names.add(r.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, ""); Statement s = admin.createStatement()) {
            if (kind.equals("postgresql")) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
                s.execute("DROP DATABASE IF EXISTS " + name);
            } else {
                s.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }
}
