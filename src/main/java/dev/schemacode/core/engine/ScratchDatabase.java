package dev.schemacode.core.engine;

import dev.schemacode.core.problem.SchemaError;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A database the self-test may fill and empty: in-memory H2, an embedded server started for this
 * execution, or an external scratch database ({@code selftestUrl}). Closing it stops what was
 * started and leaves nothing of the self-test behind.
 */
public interface ScratchDatabase extends AutoCloseable {

    /** @return Liquibase's short name of the dialect, e.g. {@code postgresql} */
    String dialect();

    /** @return the engine as named in messages, e.g. {@code H2}, {@code PostgreSQL 17.11} */
    String displayName();

    /** @return the JDBC URL with any password masked, for the {@code -X} log */
    String shownUrl();

    /**
     * Opens a new connection (auto-commit on, as Liquibase expects).
     *
     * @throws SQLException when the database refuses it
     */
    Connection connect() throws SQLException;

    /**
     * Stops what was started for this execution, or empties the external database.
     *
     * @throws SchemaError when an external scratch database cannot be emptied
     */
    @Override
    void close() throws SchemaError;
}
