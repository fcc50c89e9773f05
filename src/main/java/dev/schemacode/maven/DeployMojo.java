package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.DeployConfig;
import dev.schemacode.core.config.Secret;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.maven.bridge.SettingsCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Deploys the changelogs the application ships to a target database: validates them, compares
 * the target's history with them, takes the target's locks, applies what is pending (one log line
 * per changeset), and tags the target. With no target configured, deploys to an embedded H2 file
 * database under {@code target/schema-db/}.
 */
@Mojo(name = DeployMojo.GOAL, defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class DeployMojo extends AbstractSchemaMojo {

    /** The goal name. */
    public static final String GOAL = "deploy";

    /** Environment variable read for the password when no {@code server} gives one. */
    static final String PASSWORD_ENV = "SCHEMA_PASSWORD";

    /** Skips this goal only. */
    @Parameter(property = "schema.deploy.skip", defaultValue = "false")
    private boolean skipDeploy;

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

    /** Tag to set on the target after a successful deploy, e.g. {@code ${project.version}}. */
    @Parameter(property = "schema.tag")
    private String tag;

    /** Write the SQL that would run to {@code target/schema/deploy-<database>.sql} and change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Deploy even when the target has applied changesets that the changelog does not contain. */
    @Parameter(property = "schema.allowUnknownChangesets", defaultValue = "false")
    private boolean allowUnknownChangesets;

    /** Name of Liquibase's history table on the target. */
    @Parameter(property = "schema.databaseChangeLogTableName")
    private String databaseChangeLogTableName;

    /** Name of Liquibase's lock table on the target. */
    @Parameter(property = "schema.databaseChangeLogLockTableName")
    private String databaseChangeLogLockTableName;

    /** Schema of Liquibase's history and lock tables. */
    @Parameter(property = "schema.liquibaseSchemaName")
    private String liquibaseSchemaName;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Component
    private SettingsDecrypter decrypter;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected String skipReason() {
        String reason = super.skipReason();
        return reason != null ? reason : skipDeploy ? "schema.deploy.skip" : null;
    }

    @Override
    protected boolean usesDependencies() {
        return true;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        Path build = project.getBasedir().toPath().resolve(project.getBuild().getDirectory());
        String user = username;
        Secret password = Secret.empty();
        if (server != null && !server.isBlank()) {
            SettingsCredentials.Credentials credentials = SettingsCredentials.lookup(session.getSettings(), decrypter, server.trim());
            if (credentials.username() != null) {
                user = credentials.username();
            }
            password = credentials.password();
        } else {
            password = passwordFromEnvironment();
        }
        String targetUrl = url;
        if (targetUrl == null || targetUrl.isBlank()) {
            Path file = build.resolve("schema-db").resolve(project.getArtifactId());
            targetUrl = "jdbc:h2:file:" + file;
            user = user == null ? "sa" : user;
            getLog().warn("no target configured (<url> or <server>): deploying to the embedded H2 database "
                    + project.getBasedir().toPath().relativize(file) + "; set <url> to deploy to a real database");
        }
        Target target = new Target(targetUrl, user, password, driverProperties, Duration.ofSeconds(connectTimeout),
                databaseChangeLogTableName, databaseChangeLogLockTableName, liquibaseSchemaName);
        DeployConfig config = new DeployConfig(tag, dryRun, allowUnknownChangesets, Duration.ofSeconds(lockTimeout),
                build.resolve("schema"));
        core.deploy(settings, target, config);
    }

    /**
     * A {@code <password>} in this plugin's configuration in the POM (execution first, then the
     * plugin), read from the model because it is deliberately not a mojo parameter.
     */
    private Xpp3Dom writtenPassword() {
        org.apache.maven.model.Plugin plugin = project.getBuild().getPluginsAsMap()
                .get("dev.schemacode:schemacode-maven-plugin");
        if (plugin == null) {
            return null;
        }
        if (mojoExecution != null) {
            for (org.apache.maven.model.PluginExecution execution : plugin.getExecutions()) {
                if (execution.getId().equals(mojoExecution.getExecutionId()) && execution.getConfiguration() instanceof Xpp3Dom dom
                        && dom.getChild("password") != null) {
                    return dom.getChild("password");
                }
            }
        }
        return plugin.getConfiguration() instanceof Xpp3Dom dom ? dom.getChild("password") : null;
    }

    /**
     * The password when no server gives one, read at execution time so that Maven never prints it
     * with the mojo's parameters at {@code -X}: the {@code schema.password} property, then the
     * {@code SCHEMA_PASSWORD} environment variable, then a {@code <password>} written in the POM
     * (warned about: it sits in plain text in version control).
     */
    private Secret passwordFromEnvironment() {
        String fromProperty = session.getUserProperties().getProperty("schema.password",
                session.getSystemProperties().getProperty("schema.password"));
        if (fromProperty != null) {
            return Secret.of(fromProperty);
        }
        String fromEnv = System.getenv(PASSWORD_ENV);
        if (fromEnv != null) {
            return Secret.of(fromEnv);
        }
        Xpp3Dom written = writtenPassword();
        if (written != null && written.getValue() != null && !written.getValue().isBlank()) {
            getLog().warn("a plain-text <password> is written in the POM; use <server> with an encrypted password in"
                    + " settings.xml, or the SCHEMA_PASSWORD environment variable");
            return Secret.of(written.getValue().trim());
        }
        return Secret.empty();
    }
}
