package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.config.Secret;
import dev.schemacode.core.config.Target;
import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.maven.bridge.MavenEngineArtifacts;
import dev.schemacode.maven.bridge.MavenSchemaLog;
import dev.schemacode.maven.bridge.SettingsCredentials;
import java.util.List;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * Self-tests the changelogs the application ships ({@code target/classes}, with the project's
 * classes and runtime dependencies on the class path) on a private in-memory H2, an embedded
 * PostgreSQL or MariaDB, or a scratch database: update, roll back, update again, then check that
 * one more update has nothing to do.
 */
@Mojo(name = SelfTestMojo.GOAL, defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class SelfTestMojo extends AbstractSchemaMojo {

    /** The goal name. */
    public static final String GOAL = "selftest";

    /** Skips this goal only. */
    @Parameter(property = "schema.selftest.skip", defaultValue = "false")
    private boolean skipSelfTest;

    /** Maven's switch to skip running tests; the self-test is a test. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** Maven's switch to skip compiling and running tests. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean mavenTestSkip;

    /**
     * How much to roll back: {@code auto} (newest changesets backwards, as far as the changelog
     * allows, reported), {@code all} (every changeset must roll back) or {@code none}.
     */
    @Parameter(property = "schema.rollbackTest", defaultValue = "auto")
    private String rollbackTest;

    /**
     * H2 compatibility mode for the self-test database: {@code PostgreSQL}, {@code MySQL},
     * {@code MariaDB}, {@code Oracle}, {@code MSSQLServer}, … Unset: plain H2.
     */
    @Parameter(property = "schema.h2Mode")
    private String h2Mode;

    /**
     * The engine the self-test runs on: {@code h2} (in memory, the default), {@code postgresql} or
     * {@code mariadb} (a real server started for the execution from binaries resolved on demand
     * from Maven Central, data under {@code target/schema-engine/}), or {@code target} (the engine
     * of the deploy target's {@code <url>}, else of {@code <targetDatabase>}).
     */
    @Parameter(property = "schema.selftestEngine", defaultValue = "h2")
    private String selftestEngine;

    /**
     * The embedded engine's version: a PostgreSQL major ({@code 13}–{@code 18}, default
     * {@code 17}) or a MariaDB line ({@code 10.11}, {@code 11.4}, default {@code 11.4}), or an exact
     * version of one of them.
     */
    @Parameter(property = "schema.selftestEngineVersion")
    private String selftestEngineVersion;

    /**
     * JDBC URL of an external scratch database to self-test on instead of an engine the build
     * starts. It must be empty (or hold only what an earlier self-test left); it is emptied
     * afterwards. The JDBC driver comes from the plugin's {@code <dependencies>}.
     */
    @Parameter(property = "schema.selftestUrl")
    private String selftestUrl;

    /** User for {@code selftestUrl} (a {@code selftestServer}'s username wins). */
    @Parameter(property = "schema.selftestUsername")
    private String selftestUsername;

    /**
     * Id of a {@code settings.xml} server with the credentials for {@code selftestUrl}. Without
     * it, the password comes from {@code -Dschema.selftestPassword} or the
     * {@code SCHEMA_SELFTEST_PASSWORD} environment variable.
     */
    @Parameter(property = "schema.selftestServer")
    private String selftestServer;

    /** The deploy target's URL, read only to infer {@code selftestEngine=target} and hints. */
    @Parameter(property = "schema.url")
    private String url;

    /** The production database's dialect, read for {@code selftestEngine=target} and hints. */
    @Parameter(property = "schema.targetDatabase")
    private String targetDatabase;

    @Component
    private RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    private List<RemoteRepository> remoteRepositories;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected String skipReason() {
        String reason = super.skipReason();
        if (reason != null) {
            return reason;
        }
        if (skipSelfTest) {
            return "schema.selftest.skip";
        }
        if (mavenTestSkip) {
            return "maven.test.skip";
        }
        return skipTests ? "skipTests" : null;
    }

    @Override
    protected boolean usesDependencies() {
        return true;
    }

    /** @return {@code targetDatabase} as set: the self-test checks the name (not the URL's dialect) */
    @Override
    protected String targetDatabase() {
        return targetDatabase;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        EngineKind engine = SelfTestConfig.engine(selftestEngine, url, targetDatabase);
        Target scratch = null;
        if (selftestUrl != null && !selftestUrl.isBlank()) {
            String user = selftestUsername;
            Secret password;
            if (selftestServer != null && !selftestServer.isBlank()) {
                SettingsCredentials.Credentials credentials = credentials(selftestServer.trim());
                user = credentials.username() != null ? credentials.username() : user;
                password = credentials.password();
            } else {
                password = password("schema.selftestPassword", "SCHEMA_SELFTEST_PASSWORD", "selftestPassword");
            }
            scratch = Target.of(selftestUrl.trim(), user, password);
        }
        SelfTestConfig config = new SelfTestConfig(RollbackTest.parse(rollbackTest), h2Mode, engine, selftestEngineVersion,
                scratch, SelfTestConfig.production(url, targetDatabase));
        MavenEngineArtifacts artifacts = session == null || repositorySystem == null ? null
                : new MavenEngineArtifacts(repositorySystem, session.getRepositorySession(), remoteRepositories,
                        new MavenSchemaLog(getLog()));
        core.selfTest(settings, config, artifacts, null);
    }
}
