package dev.schemacode.core.engine;

import dev.schemacode.core.config.Target;
import dev.schemacode.core.deploy.TargetConnector;
import dev.schemacode.core.liquibase.Databases;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.CatalogAndSchema;
import liquibase.database.Database;

/**
 * An external scratch database ({@code selftestUrl}): used only when its default schema is empty,
 * or holds what an earlier self-test left (recognised by the marker table
 * {@value #MARKER}, which the self-test creates first and drops last); emptied again
 * afterwards with Liquibase's drop-all. A database holding anything else is refused, so a
 * mistyped URL can never wipe a real database.
 */
final class ExternalScratch implements ScratchDatabase {

    /** The table that marks a database as a self-test's scratch database. */
    static final String MARKER = "SCHEMACODE_SELFTEST";

    private final Target target;
    private final TargetConnector connector;
    private final SchemaLog log;
    private final String dialect;

    private ExternalScratch(Target target, TargetConnector connector, String dialect, SchemaLog log) {
        this.target = target;
        this.connector = connector;
        this.dialect = dialect;
        this.log = log;
    }

    /**
     * Connects, checks the database is a scratch database, clears an earlier self-test's leftovers
     * and marks it. Must run inside a Liquibase scope.
     *
     * @throws SchemaFailure when the database holds tables, views or sequences no self-test left,
     *     or no JDBC driver accepts the URL
     * @throws SchemaError when it cannot be reached
     */
    static ExternalScratch open(Target target, ClassLoader classLoader, SchemaLog log) throws SchemaFailure, SchemaError {
        TargetConnector connector = TargetConnector.forTarget(target, classLoader);
        try (Connection c = connector.open("schemacode selftest")) {
            Database database = Databases.live(c);
            ExternalScratch scratch = new ExternalScratch(target, connector, database.getShortName(), log);
            List<String> objects = objects(c);
            if (objects.stream().anyMatch(o -> o.equalsIgnoreCase(MARKER))) {
                log.summary("the scratch database " + target.maskedUrl() + " holds what an earlier, interrupted self-test left ("
                        + objects.size() + " objects): emptying it first");
                scratch.empty(database, c);
            } else if (!objects.isEmpty()) {
                throw new SchemaFailure(Problem.error("selftest-url", Location.NONE, "the scratch database " + target.maskedUrl()
                        + " is not empty: it holds " + objects.size() + (objects.size() == 1 ? " object" : " objects") + " ("
                        + String.join(", ", objects.subList(0, Math.min(5, objects.size()))) + (objects.size() > 5 ? ", …" : "")
                        + ") that no self-test left, and the self-test empties its database afterwards; point <selftestUrl>"
                        + " at an empty database kept for self-tests"));
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + MARKER + " (started_at VARCHAR(40))");
            }
            c.commit();
            return scratch;
        } catch (SchemaFailure | SchemaError e) {
            throw e;
        } catch (SQLException | liquibase.exception.LiquibaseException e) {
            throw new SchemaError("cannot prepare the scratch database " + target.maskedUrl() + ": " + target.mask(String.valueOf(e.getMessage())), null);
        }
    }

    /** @return the tables, views and sequences of the connection's default schema */
    private static List<String> objects(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getTables(c.getCatalog(), schema, "%", new String[] {"TABLE", "VIEW", "SEQUENCE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private void empty(Database database, Connection c) throws SchemaError, SQLException {
        try {
            database.dropDatabaseObjects(new CatalogAndSchema(database.getDefaultCatalogName(), database.getDefaultSchemaName()));
            database.commit();
        } catch (liquibase.exception.LiquibaseException e) {
            throw new SchemaError("cannot empty the scratch database " + target.maskedUrl() + ": " + target.mask(String.valueOf(e.getMessage())), null);
        }
        List<String> left = objects(c);
        if (!left.isEmpty()) {
            throw new SchemaError("cannot empty the scratch database " + target.maskedUrl() + ": " + left.size()
                    + " objects are left (" + String.join(", ", left.subList(0, Math.min(5, left.size()))) + "); drop them by hand", null);
        }
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public String displayName() {
        EngineKind kind = EngineKind.byName(dialect);
        return (kind != null ? kind.displayName() : dialect) + " (scratch database " + target.maskedUrl() + ")";
    }

    @Override
    public String shownUrl() {
        return target.maskedUrl();
    }

    @Override
    public Connection connect() throws SQLException {
        try {
            return connector.open("schemacode selftest");
        } catch (SchemaError e) {
            throw new SQLException(e.getMessage());
        }
    }

    /** Drops everything the self-test created, the marker last. */
    @Override
    public void close() throws SchemaError {
        try (Connection c = connector.open("schemacode selftest")) {
            empty(Databases.live(c), c);
            log.detail("emptied the scratch database " + target.maskedUrl());
        } catch (SQLException | liquibase.exception.DatabaseException e) {
            throw new SchemaError("cannot empty the scratch database " + target.maskedUrl() + ": " + target.mask(String.valueOf(e.getMessage())), null);
        }
    }
}
