package dev.schemacode.maven;

import dev.schemacode.core.config.Secret;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.maven.bridge.SettingsCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Parameters of the goals that work on a target database (deploy, status, sql, rollback, history,
 * baseline, unlock), translated into the core's {@link Target}. Credentials come from a
 * {@code settings.xml} server, else from the {@code schema.password} property or the
 * {@code SCHEMA_PASSWORD} environment variable, read at execution time so that Maven never prints
 * them with the mojo's parameters at {@code -X}.
 */
public abstract class AbstractTargetMojo extends AbstractSchemaMojo {

    /** Environment variable read for the password when no {@code server} gives one. */
    static final String PASSWORD_ENV = "SCHEMA_PASSWORD";

    /** JDBC URL of the target. Unset: an embedded H2 file database under {@code target/schema-db/}. */
    @Parameter(property = "schema.url")
    private String url;

    /** User to connect as (a {@code server}'s username wins). */
    @Parameter(property = "schema.username")
    private String username;

    /**
     * Id of a {@code <server>} in {@code settings.xml} giving the username and (possibly
     * encrypted) password. A server that is not defined fails the build.
     */
    @Parameter(property = "schema.server")
    private String server;

    /** Extra JDBC driver settings, e.g. {@code <ssl>true</ssl>}. */
    @Parameter
    private Map<String, String> driverProperties;

    /** Seconds to wait for a connection. */
    @Parameter(property = "schema.connectTimeout", defaultValue = "30")
    private int connectTimeout;

    /** Seconds to wait for another deployer of the same target to finish. */
    @Parameter(property = "schema.lockTimeout", defaultValue = "300")
    private int lockTimeout;

    /** Name of Liquibase's history table on the target. */
    @Parameter(property = "schema.databaseChangeLogTableName")
    private String databaseChangeLogTableName;

    /** Name of Liquibase's lock table on the target. */
    @Parameter(property = "schema.databaseChangeLogLockTableName")
    private String databaseChangeLogLockTableName;

    /** Schema of Liquibase's history and lock tables. */
    @Parameter(property = "schema.liquibaseSchemaName")
    private String liquibaseSchemaName;

    /** @return the build directory; reports and dry-run SQL go under {@code schema/} in it */
    protected Path buildDir() {
        return project.getBasedir().toPath().resolve(project.getBuild().getDirectory());
    }

    /** @return the deploy settings for goals other than deploy: no tag, the given dry-run mode */
    protected dev.schemacode.core.config.DeployConfig targetConfig(boolean dryRun) {
        return deployConfig(null, dryRun, false);
    }

    /** @return deploy settings with this goal's lock timeout and {@code target/schema} for SQL files */
    protected dev.schemacode.core.config.DeployConfig deployConfig(String tag, boolean dryRun, boolean allowUnknownChangesets) {
        return new dev.schemacode.core.config.DeployConfig(tag, dryRun, allowUnknownChangesets, Duration.ofSeconds(lockTimeout),
                buildDir().resolve("schema"), "schema:" + goal());
    }

    @Override
    protected boolean usesDependencies() {
        return true;
    }

    /**
     * The target: {@code url} with credentials from {@code server} (or the password sources), or
     * the embedded H2 file database under {@code target/schema-db/} with a warning.
     *
     * @throws SchemaFailure when {@code server} names a server settings.xml does not define
     */
    protected Target target() throws SchemaFailure {
        if (url == null || url.isBlank()) {
            refuseMissingUrl();
        }
        String user = username;
        Secret password;
        if (server != null && !server.isBlank()) {
            SettingsCredentials.Credentials credentials = credentials(server.trim());
            if (credentials.username() != null) {
                user = credentials.username();
            }
            password = credentials.password();
        } else {
            password = password("schema.password", PASSWORD_ENV, "password");
        }
        String targetUrl = url;
        if (targetUrl == null || targetUrl.isBlank()) {
            Path file = buildDir().resolve("schema-db").resolve(project.getArtifactId());
            targetUrl = "jdbc:h2:file:" + file;
            user = user == null ? "sa" : user;
            getLog().warn("no target configured (<url> or <server>): using the embedded H2 database "
                    + project.getBasedir().toPath().relativize(file) + "; set <url> to work on a real database");
        }
        Target target = new Target(targetUrl, user, password, driverProperties, Duration.ofSeconds(connectTimeout),
                databaseChangeLogTableName, databaseChangeLogLockTableName, liquibaseSchemaName);
        if (target.urlCarriesPassword()) {
            getLog().warn("the <url> carries a password, which Maven prints with the mojo's parameters at -X; put it in a"
                    + " settings.xml <server> instead");
        }
        return target;
    }

    /**
     * The embedded default is only for a build that configures no target at all: a {@code server}
     * without {@code url}, a {@code <url>} whose expression resolved to nothing (an unset
     * environment variable), or a target configured only in another execution fails instead, so
     * a missing secret never turns a staging deploy into a green local one.
     */
    private void refuseMissingUrl() throws SchemaFailure {
        if (server != null && !server.isBlank()) {
            throw failure("<server> " + server + " is set but <url> is not; set <url> (-Dschema.url) to the target's JDBC URL");
        }
        Xpp3Dom written = written("url");
        if (written != null && written.getValue() != null && !written.getValue().isBlank()) {
            throw failure("<url> is configured as " + written.getValue().trim() + " but resolves to nothing (an unset"
                    + " property or environment variable?); set it, or remove <url> to use the embedded H2 database");
        }
        org.apache.maven.model.Plugin plugin = project.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
        if (plugin != null && mojoExecution != null) {
            for (org.apache.maven.model.PluginExecution execution : plugin.getExecutions()) {
                if (!execution.getId().equals(mojoExecution.getExecutionId()) && execution.getConfiguration() instanceof Xpp3Dom dom
                        && dom.getChild("url") != null) {
                    throw failure("this run of schema:" + goal() + " (execution " + mojoExecution.getExecutionId()
                            + ") has no target, but execution '" + execution.getId() + "' configures one; run schema:" + goal()
                            + "@" + execution.getId() + ", or move <url> to the plugin's <configuration>");
                }
            }
        }
    }

    private static SchemaFailure failure(String message) {
        return new SchemaFailure(dev.schemacode.core.problem.Problem.error("target", dev.schemacode.core.problem.Location.NONE, message));
    }
}
