package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Self-tests the changelogs the application ships ({@code target/classes}, with the project's
 * classes and runtime dependencies on the class path) on a private in-memory H2: update, roll
 * back, update again, then check that one more update has nothing to do.
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

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.selfTest(settings, new SelfTestConfig(RollbackTest.parse(rollbackTest), h2Mode));
    }
}
