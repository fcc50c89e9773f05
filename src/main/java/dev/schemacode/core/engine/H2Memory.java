package dev.schemacode.core.engine;

import dev.schemacode.core.problem.SchemaError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/** A private in-memory H2 database, alive until {@link #close()}. */
final class H2Memory implements ScratchDatabase {

    private final org.h2.Driver driver = new org.h2.Driver();
    private final String url;
    private final String name;
    private final Connection keeper;

    /**
     * @param mode H2 compatibility mode, or {@code null}
     * @throws SchemaError when H2 cannot create the database
     */
    H2Memory(String mode) throws SchemaError {
        this.url = "jdbc:h2:mem:schemacode-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + (mode == null ? "" : ";MODE=" + mode);
        this.name = mode == null ? "H2" : "H2 (" + mode + " mode)";
        try {
            this.keeper = connect();
        } catch (SQLException e) {
            throw new SchemaError("cannot create the in-memory H2 database for the self-test: " + e.getMessage(), e);
        }
    }

    @Override
    public String dialect() {
        return "h2";
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public String shownUrl() {
        return url;
    }

    @Override
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "sa");
        props.setProperty("password", "");
        return driver.connect(url, props);
    }

    @Override
    public void close() {
        try (Statement s = keeper.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // private and in memory: nothing to clean up on disk
        }
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // already shut down
        }
    }
}
