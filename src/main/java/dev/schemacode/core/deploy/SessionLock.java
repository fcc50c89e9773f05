package dev.schemacode.core.deploy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * One deployer at a time per target, with a lock that dies with its owner: a PostgreSQL
 * session-level advisory lock or a MySQL/MariaDB {@code GET_LOCK}, held on its own connection for
 * the whole deploy. Liquibase's lock table alone has a creation race on a fresh database
 * (liquibase#2315) and outlives a killed deployer. On other databases this lock does nothing and
 * only Liquibase's lock table applies.
 */
final class SessionLock implements AutoCloseable {

    /** PostgreSQL's advisory-lock key space for Schemacode: ASCII "SCHM". */
    private static final int PG_CLASS = 0x5343484D;

    private final Connection connection;
    private final String kind;
    private final String name;
    private final int key;
    private boolean held;

    private SessionLock(Connection connection, String kind, String name) {
        this.connection = connection;
        this.kind = kind;
        this.name = name;
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.key = (int) crc.getValue();
    }

    /**
     * @param connection a connection used for nothing else; closed with this lock
     * @param dialect Liquibase short name of the database
     * @param name what is locked, e.g. {@code schemacode:public.DATABASECHANGELOG}
     */
    static SessionLock on(Connection connection, String dialect, String name) {
        String kind = switch (dialect) {
            case "postgresql", "cockroachdb", "edb" -> "postgresql";
            case "mysql", "mariadb" -> "mysql";
            default -> "none";
        };
        return new SessionLock(connection, kind, name.length() > 64 ? name.substring(0, 64) : name);
    }

    /** @return whether this database has a session lock (else Liquibase's lock table is the only one). */
    boolean supported() {
        return !kind.equals("none");
    }

    /**
     * Waits up to {@code timeout} for the lock, polling once a second.
     *
     * @return whether it was acquired
     */
    boolean acquire(Duration timeout) throws SQLException {
        if (!supported()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (tryOnce()) {
                held = true;
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean tryOnce() throws SQLException {
        String sql = kind.equals("postgresql") ? "SELECT pg_try_advisory_lock(?, ?)" : "SELECT GET_LOCK(?, 0)";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (kind.equals("postgresql")) {
                s.setInt(1, PG_CLASS);
                s.setInt(2, key);
            } else {
                s.setString(1, name);
            }
            try (ResultSet r = s.executeQuery()) {
                boolean got = r.next() && (kind.equals("postgresql") ? r.getBoolean(1) : r.getInt(1) == 1);
                connection.commit();
                return got;
            }
        }
    }

    /** @return who holds the lock, as the database describes the session, or "another session". */
    String holder() {
        String sql = kind.equals("postgresql")
                ? "SELECT a.usename, a.client_addr, a.application_name, a.backend_start FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.classid = ? AND l.objid = ?"
                : "SELECT p.USER, p.HOST, p.DB, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (kind.equals("postgresql")) {
                s.setInt(1, PG_CLASS);
                s.setLong(2, key & 0xFFFFFFFFL);
            } else {
                s.setString(1, name);
            }
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return kind.equals("postgresql")
                            ? "user " + r.getString(1) + " from " + r.getString(2) + " (" + r.getString(3) + ", connected since " + r.getString(4) + ")"
                            : "user " + r.getString(1) + " from " + r.getString(2) + " (busy for " + r.getString(4) + " s)";
                }
            }
        } catch (SQLException e) {
            // fall through: the holder could not be described
        }
        return "another session";
    }

    @Override
    public void close() throws SQLException {
        try {
            if (held) {
                String sql = kind.equals("postgresql") ? "SELECT pg_advisory_unlock(" + PG_CLASS + ", " + key + ")" : "SELECT RELEASE_LOCK(?)";
                try (PreparedStatement s = connection.prepareStatement(sql)) {
                    if (!kind.equals("postgresql")) {
                        s.setString(1, name);
                    }
                    s.executeQuery().close();
                }
            }
        } finally {
            held = false;
            connection.close();
        }
    }
}
