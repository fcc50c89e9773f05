package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Deploys the changelogs the application ships to a target database: validates them, compares
 * the target's history with them, takes the target's locks, applies what is pending (one log line
 * per changeset), and tags the target. With no target configured, deploys to an embedded H2 file
 * database under {@code target/schema-db/}.
 */
@Mojo(name = DeployMojo.GOAL, defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class DeployMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "deploy";

    /** Skips this goal only. */
    @Parameter(property = "schema.deploy.skip", defaultValue = "false")
    private boolean skipDeploy;

    /** Tag to set on the target after a successful deploy, e.g. {@code ${project.version}}. */
    @Parameter(property = "schema.tag")
    private String tag;

    /** Write the SQL that would run to {@code target/schema/deploy-<database>.sql} and change nothing. */
    @Parameter(property = "schema.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Deploy even when the target has applied changesets that the changelog does not contain. */
    @Parameter(property = "schema.allowUnknownChangesets", defaultValue = "false")
    private boolean allowUnknownChangesets;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected String skipReason() {
        String reason = super.skipReason();
        return reason != null ? reason : skipDeploy ? "schema.deploy.skip" : null;
    }

    /** @return whether to write the SQL instead of running it; {@code schema:sql} always does. */
    protected boolean dryRun() {
        return dryRun;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.deploy(settings, target(), deployConfig(tag, dryRun(), allowUnknownChangesets));
    }
}
