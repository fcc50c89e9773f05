package dev.schemacode.core.liquibase;

import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.sql.Connection;
import java.util.Locale;
import java.util.TreeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.OfflineConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.ResourceAccessor;

/** Creates Liquibase {@link Database} objects: offline ones for validation, live ones over JDBC. */
public final class Databases {

    /** Liquibase's stand-in for a database it does not know: not a dialect anyone can target. */
    private static final String UNSUPPORTED = "unsupported";

    private Databases() {
    }

    /**
     * An offline database of the given dialect: it answers dialect questions (types, {@code dbms}
     * filters) and never opens a connection.
     *
     * @param dialect Liquibase short name: {@code h2}, {@code postgresql}, {@code mariadb}, …
     * @throws SchemaFailure when Liquibase knows no such dialect; the message lists the known ones
     */
    public static Database offline(String dialect, ResourceAccessor resources) throws SchemaFailure {
        String name = requireKnown(dialect);
        try {
            return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(
                    new OfflineConnection("offline:" + name, resources));
        } catch (DatabaseException e) {
            throw new SchemaFailure(Problem.error("config", Location.NONE,
                    "cannot set up the " + name + " dialect: " + e.getMessage()), e);
        }
    }

    /**
     * Checks a {@code targetDatabase} value against the dialects Liquibase knows.
     *
     * @param dialect a Liquibase short name, in any case ({@code postgresql}, {@code mariadb}, …)
     * @return the name in lower case, trimmed
     * @throws SchemaFailure when Liquibase knows no such dialect: one line with the closest known
     *     name, if any, and every known one
     */
    public static String requireKnown(String dialect) throws SchemaFailure {
        String name = dialect.toLowerCase(Locale.ROOT).trim();
        TreeSet<String> known = new TreeSet<>();
        for (Database db : DatabaseFactory.getInstance().getImplementedDatabases()) {
            known.add(db.getShortName());
        }
        if (!known.contains(name) || name.equals(UNSUPPORTED)) {
            known.remove(UNSUPPORTED);
            String close = dev.schemacode.core.problem.Suggestions.closest(name, known);
            throw new SchemaFailure(Problem.error("config", Location.NONE, "unknown targetDatabase '" + dialect + "'; "
                    + (close == null ? "" : "did you mean " + close + "? ") + "use one of " + String.join(", ", known)));
        }
        return name;
    }

    /**
     * A second offline database configured as {@code database}, for another thread (Liquibase's
     * database objects are not made to be shared between threads).
     *
     * @return null when {@code database} is not offline or cannot be copied
     */
    public static Database offlineTwin(Database database, ResourceAccessor resources) {
        if (!(database.getConnection() instanceof OfflineConnection offline)) {
            return null;
        }
        try {
            return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new OfflineConnection(offline.getURL(), resources));
        } catch (DatabaseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Wraps an open JDBC connection; closing the returned database closes the connection.
     *
     * @throws DatabaseException when Liquibase cannot identify the database
     */
    public static Database live(Connection connection) throws DatabaseException {
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }
}
