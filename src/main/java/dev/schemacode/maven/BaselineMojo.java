package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Records every pending changeset as applied without running it, to adopt an existing database;
 * refuses when the target lacks tables or views the changelog creates, unless forced.
 */
@Mojo(name = BaselineMojo.GOAL, threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BaselineMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "baseline";

    /** Record even when the target lacks what the changelog creates. */
    @Parameter(property = "schema.force", defaultValue = "false")
    private boolean force;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.onTarget("schema:baseline", settings, target(), targetConfig(false), tasks -> tasks.baseline(force));
    }
}
