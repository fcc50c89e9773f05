package dev.schemacode.core.deploy;

import dev.schemacode.core.config.Target;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Opens JDBC connections to a {@link Target} with a driver found on the given class loader (the
 * plugin's {@code <dependencies>} and the project's runtime class path), not through
 * {@code DriverManager}, whose global registry and login timeout would be shared by parallel
 * executions. Error messages never contain the password.
 */
public final class TargetConnector {

    /** URL prefix to the Maven coordinates of its driver, for the "driver missing" message. */
    private static final Map<String, String> DRIVERS = Map.of(
            "jdbc:postgresql:", "org.postgresql:postgresql",
            "jdbc:mariadb:", "org.mariadb.jdbc:mariadb-java-client",
            "jdbc:mysql:", "com.mysql:mysql-connector-j",
            "jdbc:sqlserver:", "com.microsoft.sqlserver:mssql-jdbc",
            "jdbc:oracle:", "com.oracle.database.jdbc:ojdbc11",
            "jdbc:h2:", "com.h2database:h2",
            "jdbc:db2:", "com.ibm.db2:jcc",
            "jdbc:sqlite:", "org.xerial:sqlite-jdbc");

    private final Target target;
    private final Driver driver;

    private TargetConnector(Target target, Driver driver) {
        this.target = target;
        this.driver = driver;
    }

    /**
     * Finds the driver for the target's URL.
     *
     * @throws SchemaFailure when no driver on the class path accepts the URL; the message names the
     *     Maven coordinates to add to the plugin's {@code <dependencies>}
     */
    public static TargetConnector forTarget(Target target, ClassLoader classLoader) throws SchemaFailure {
        for (Driver candidate : ServiceLoader.load(Driver.class, classLoader)) {
            try {
                if (candidate.acceptsURL(target.url())) {
                    return new TargetConnector(target, candidate);
                }
            } catch (SQLException ignored) {
                // this driver cannot tell: try the next
            }
        }
        if (!target.url().startsWith("jdbc:")) {
            throw new SchemaFailure(Problem.error("url", Location.NONE, "<url> " + target.maskedUrl()
                    + " is not a JDBC URL; it starts with jdbc:, e.g. jdbc:postgresql://host:5432/database"));
        }
        String coordinates = DRIVERS.entrySet().stream().filter(e -> target.url().startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (coordinates == null) {
            String scheme = target.url().split(":").length > 1 ? "jdbc:" + target.url().split(":")[1] + ":" : target.url();
            String close = DRIVERS.keySet().stream().filter(known -> known.startsWith(scheme.substring(0, Math.min(scheme.length() - 1, 8))))
                    .findFirst().orElse(null);
            if (close != null) {
                throw new SchemaFailure(Problem.error("url", Location.NONE, "no JDBC driver accepts " + target.maskedUrl()
                        + "; did you mean " + close + "…?"));
            }
        }
        String what = coordinates == null
                ? "add the JDBC driver for it to the plugin's <dependencies>"
                : "add <dependency><groupId>" + coordinates.substring(0, coordinates.indexOf(':')) + "</groupId><artifactId>"
                        + coordinates.substring(coordinates.indexOf(':') + 1) + "</artifactId><version>…</version></dependency>"
                        + " to the plugin's <dependencies>";
        throw new SchemaFailure(Problem.error("driver-missing", Location.NONE,
                "no JDBC driver for " + target.maskedUrl() + " on the plugin's class path; " + what));
    }

    /**
     * Opens a connection with auto-commit off.
     *
     * @param purpose shown to the database where the driver supports it (PostgreSQL's
     *     {@code application_name}), e.g. {@code schemacode deploy}
     * @throws SchemaError when the database cannot be reached or refuses the login; the message
     *     has the masked URL and the driver's message with the password masked
     */
    public Connection open(String purpose) throws SchemaError {
        Properties props = new Properties();
        props.putAll(target.driverProperties());
        if (target.username() != null) {
            props.setProperty("user", target.username());
        }
        props.setProperty("password", target.password().reveal());
        long seconds = Math.max(1, target.connectTimeout().toSeconds());
        if (target.url().startsWith("jdbc:postgresql:")) {
            props.putIfAbsent("connectTimeout", Long.toString(seconds));
            props.putIfAbsent("ApplicationName", purpose);
        } else if (target.url().startsWith("jdbc:mariadb:") || target.url().startsWith("jdbc:mysql:")) {
            props.putIfAbsent("connectTimeout", Long.toString(seconds * 1000));
        }
        try {
            Connection connection = driver.connect(target.url(), props);
            if (connection == null) {
                throw new SQLException("the driver does not accept this URL");
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw new SchemaError("cannot connect to " + target.maskedUrl() + target.asUser() + ": " + describe(e), null);
        }
    }

    /**
     * The driver's message with every secret masked, and the root cause's when it says more
     * (an unknown host, a refused connection).
     */
    private String describe(Throwable e) {
        String message = target.mask(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            message += " (" + root.getClass().getSimpleName() + ": " + target.mask(String.valueOf(root.getMessage())) + ")";
        }
        return message;
    }
}
