package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.maven.bridge.MavenSchemaLog;
import dev.schemacode.maven.bridge.ProblemMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.schemacode.core.config.Secret;
import dev.schemacode.maven.bridge.SettingsCredentials;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Parameters shared by every goal, translated into the core's {@link ChangelogSettings} and
 * {@link ProjectLayout}. Holds no logic: skip checks, translation, one core call, exception mapping.
 */
public abstract class AbstractSchemaMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    @Component
    private SettingsDecrypter decrypter;

    /** Skips every Schemacode goal. */
    @Parameter(property = "schema.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The master changelog: a path relative to the project directory, a path relative to a
     * resource directory, or {@code classpath:path}. Unset: {@code spring.liquibase.change-log}
     * from the application's configuration, else Spring Boot's default
     * {@code db/changelog/db.changelog-master.yaml} (then {@code .yml}, {@code .xml},
     * {@code .json}, {@code .sql}) in the resource directories.
     */
    @Parameter(property = "schema.changeLogFile")
    protected String changeLogFile;

    /**
     * Extra directories (relative to the project directory, comma-separated on the command line)
     * searched, before the resource directories, for changelogs and the files they include, the
     * way Liquibase's {@code searchPath} works. Unset: the resource directories only.
     */
    @Parameter(property = "schema.searchPath")
    protected List<String> searchPath;

    /**
     * Liquibase context filter, e.g. {@code prod} or {@code "!test"}. Unset: all changesets run.
     * {@code validate} and {@code lock} check and record every changeset whatever its context.
     */
    @Parameter(property = "schema.contexts")
    protected String contexts;

    /**
     * Liquibase label filter expression, e.g. {@code "v1 and !slow"}. Unset: all changesets run.
     * {@code validate} and {@code lock} check and record every changeset whatever its labels.
     */
    @Parameter(property = "schema.labels")
    protected String labels;

    /** Values for {@code ${name}} placeholders in the changelogs. */
    @Parameter
    protected Map<String, String> changeLogParameters;

    /** The schema that changes without a schema name go to. */
    @Parameter(property = "schema.defaultSchemaName")
    protected String defaultSchemaName;

    /** @return the production database's dialect for goals that evaluate it, else {@code null} (h2). */
    protected String targetDatabase() {
        return null;
    }

    /**
     * @param targetDatabase the {@code targetDatabase} parameter
     * @param url the deploy target's {@code url} parameter
     * @return {@code targetDatabase} when set, else the dialect of {@code url}, else {@code null} (h2)
     */
    protected static String targetDialect(String targetDatabase, String url) {
        if (targetDatabase != null && !targetDatabase.isBlank()) {
            return targetDatabase;
        }
        return dev.schemacode.core.config.ChangelogSettings.dialectOfUrl(url);
    }

    /**
     * Whether settings the POM leaves unset come from the application's
     * {@code application.properties}/{@code application.yml} ({@code spring.liquibase.*}).
     */
    @Parameter(property = "schema.springBoot", defaultValue = "true")
    protected boolean springBoot;

    /** The goal's name, e.g. {@code validate}, used in log lines. */
    protected abstract String goal();

    /** @return a one-line reason to skip this execution, or {@code null} to run it. */
    protected String skipReason() {
        if (skip) {
            return "schema.skip";
        }
        if ("pom".equals(project.getPackaging()) && changeLogFile == null) {
            // A parent or aggregator that declares the plugin for its modules has no changelog itself.
            return "pom packaging and no <changeLogFile>";
        }
        return null;
    }

    /** Runs the goal through the core. */
    protected abstract void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError;

    /** @return whether the project's runtime dependencies belong on the search and class path. */
    protected boolean usesDependencies() {
        return false;
    }

    /**
     * @return the runtime dependency files to search, for goals that do not declare
     *     {@code requiresDependencyResolution}; by default those Maven resolved for the project
     */
    protected List<Path> dependencyFiles() {
        List<Path> dependencies = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            if (a.getFile() != null && a.getArtifactHandler().isAddedToClasspath()
                    && !Artifact.SCOPE_TEST.equals(a.getScope()) && !Artifact.SCOPE_PROVIDED.equals(a.getScope())) {
                dependencies.add(a.getFile().toPath());
            }
        }
        return dependencies;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        String reason = skipReason();
        if (reason != null) {
            getLog().info("schema:" + goal() + " skipped (" + reason + ")");
            return;
        }
        quietDriverLogging(getLog().isDebugEnabled());
        Map<String, String> parameters = changeLogParameters == null ? Map.of() : new LinkedHashMap<>(changeLogParameters);
        ChangelogSettings settings = new ChangelogSettings(changeLogFile, contexts, labels, parameters,
                defaultSchemaName, targetDatabase());
        Schemacode core = new Schemacode(layout(), new MavenSchemaLog(getLog()), springBoot);
        try {
            run(core, settings);
        } catch (SchemaFailure e) {
            throw ProblemMapper.failure(e, getLog().isDebugEnabled());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (Exception e) {
            throw ProblemMapper.error(e, getLog().isDebugEnabled());
        }
    }

    private ProjectLayout layout() {
        Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
        List<Path> extra = new ArrayList<>();
        if (searchPath != null) {
            for (String dir : searchPath) {
                if (dir != null && !dir.isBlank()) {
                    extra.add(base.resolve(dir.trim()).normalize());
                }
            }
        }
        List<Path> resources = new ArrayList<>();
        for (Resource r : project.getBuild().getResources()) {
            resources.add(base.resolve(r.getDirectory()).normalize());
        }
        List<Path> dependencies = usesDependencies() ? dependencyFiles() : List.of();
        File output = new File(project.getBuild().getOutputDirectory());
        File build = new File(project.getBuild().getDirectory());
        return new ProjectLayout(base, extra, resources, output.toPath().toAbsolutePath(), dependencies,
                build.toPath().toAbsolutePath());
    }

    /** The MariaDB driver's switch for its own logging (mariadb-java-client 3.x, {@code Loggers}). */
    static final String MARIADB_LOGGING = "mariadb.logging.disable";

    /**
     * The MariaDB driver logs every SQL error through Maven's log as a {@code [WARNING]} of its own,
     * a second copy of the line Schemacode reports. Below {@code -X} its logging is turned off,
     * unless the user set the switch; it takes effect when the driver is first loaded.
     */
    static void quietDriverLogging(boolean debug) {
        if (!debug) {
            System.getProperties().putIfAbsent(MARIADB_LOGGING, "true");
        }
    }

    /** This plugin's key in a POM's build plugins. */
    protected static final String PLUGIN_KEY = "dev.schemacode:schemacode-maven-plugin";

    /**
     * An element of this plugin's configuration as written in the POM, before Maven evaluates it
     * (execution first, then the plugin), or {@code null}. Used for passwords, which are
     * deliberately not mojo parameters, and to tell an unset {@code <url>} from one that resolved
     * to nothing.
     */
    protected Xpp3Dom written(String name) {
        org.apache.maven.model.Plugin plugin = project.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
        if (plugin == null) {
            return null;
        }
        if (mojoExecution != null) {
            for (org.apache.maven.model.PluginExecution execution : plugin.getExecutions()) {
                if (execution.getId().equals(mojoExecution.getExecutionId()) && execution.getConfiguration() instanceof Xpp3Dom dom
                        && dom.getChild(name) != null) {
                    return dom.getChild(name);
                }
            }
        }
        return plugin.getConfiguration() instanceof Xpp3Dom dom ? dom.getChild(name) : null;
    }

    /**
     * @return the username and decrypted password of a {@code settings.xml} server
     * @throws SchemaFailure when no server has that id (the message lists those that exist)
     */
    protected SettingsCredentials.Credentials credentials(String serverId) throws SchemaFailure {
        return SettingsCredentials.lookup(session.getSettings(), decrypter, serverId);
    }

    /**
     * A password when no server gives one, read at execution time so that Maven never prints it
     * with the mojo's parameters at {@code -X}: the {@code property} (user, then system
     * properties), then the environment variable {@code env}, then an {@code element} written in
     * the POM (warned about: it sits in plain text in version control).
     */
    protected Secret password(String property, String env, String element) {
        String fromProperty = session.getUserProperties().getProperty(property, session.getSystemProperties().getProperty(property));
        if (fromProperty != null) {
            return Secret.of(fromProperty);
        }
        String fromEnv = System.getenv(env);
        if (fromEnv != null) {
            return Secret.of(fromEnv);
        }
        Xpp3Dom written = written(element);
        if (written != null && written.getValue() != null && !written.getValue().isBlank()) {
            getLog().warn("a plain-text <" + element + "> is written in the POM; use <server> with an encrypted password in"
                    + " settings.xml, or the " + env + " environment variable");
            return Secret.of(written.getValue().trim());
        }
        return Secret.empty();
    }
}
