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
 * afterwards with Liquibase's drop-all, and on PostgreSQL also of the types and routines it does
 * not know and of the extensions the self-test installed (the marker records those present before). A database holding anything else is refused, so a
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
                s.execute("CREATE TABLE " + MARKER + " (item VARCHAR(200))");
                // extensions present before the self-test are the database's own: cleaning up keeps them
                for (String extension : extensions(c)) {
                    s.execute("INSERT INTO " + MARKER + " (item) VALUES ('extension:" + extension.replace("'", "''") + "')");
                }
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
        if (postgres(c)) {
            // types and routines Liquibase's drop-all does not know, except those of extensions
            names.addAll(query(c, "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE n.nspname = current_schema() AND (t.typtype IN ('e', 'd', 'r', 'm')"
                    + " OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = t.typrelid AND k.relkind = 'c')))"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')"));
            names.addAll(query(c, "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE n.nspname = current_schema()"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"));
        }
        return names;
    }

    private static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** @return the PostgreSQL extensions installed in the database (none on other engines) */
    private static List<String> extensions(Connection c) throws SQLException {
        return postgres(c) ? query(c, "SELECT extname FROM pg_extension") : List.of();
    }

    /** @return the extensions the marker table records as present before the self-test */
    private static java.util.Set<String> keptExtensions(Connection c) {
        java.util.Set<String> kept = new java.util.HashSet<>();
        try {
            for (String item : query(c, "SELECT item FROM " + MARKER)) {
                if (item != null && item.startsWith("extension:")) {
                    kept.add(item.substring("extension:".length()));
                }
            }
        } catch (SQLException noMarker) {
            kept.add("plpgsql");
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // nothing to undo
            }
        }
        return kept;
    }

    private void empty(Database database, Connection c) throws SchemaError, SQLException {
        java.util.Set<String> keptExtensions = postgres(c) ? keptExtensions(c) : java.util.Set.of();
        try {
            database.dropDatabaseObjects(new CatalogAndSchema(database.getDefaultCatalogName(), database.getDefaultSchemaName()));
            database.commit();
            if (postgres(c)) {
                try (Statement s = c.createStatement()) {
                    for (String extension : extensions(c)) {
                        if (!keptExtensions.contains(extension)) {
                            s.execute("DROP EXTENSION IF EXISTS \"" + extension.replace("\"", "\"\"") + "\" CASCADE");
                        }
                    }
                    for (String routine : query(c, "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n"
                            + " ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
                            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')")) {
                        s.execute("DROP ROUTINE IF EXISTS " + routine + " CASCADE");
                    }
                    for (String type : query(c, "SELECT format('%I', t.typname) FROM pg_type t JOIN pg_namespace n"
                            + " ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND (t.typtype IN ('e', 'd', 'r', 'm')"
                            + " OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = t.typrelid AND k.relkind = 'c')))"
                            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')")) {
                        s.execute("DROP TYPE IF EXISTS " + type + " CASCADE");
                    }
                }
                c.commit();
            }
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
