package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Releases the lock left by a killed deployer; refuses while a deploy runs, and a lock younger than
 * {@code minLockAge} unless forced.
 */
@Mojo(name = UnlockMojo.GOAL, threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class UnlockMojo extends AbstractTargetMojo {

    /** The goal name. */
    public static final String GOAL = "unlock";

    /** Seconds a lock must be held before it counts as stale. */
    @Parameter(property = "schema.minLockAge", defaultValue = "300")
    private int minLockAge;

    /** Release even a lock younger than minLockAge. */
    @Parameter(property = "schema.force", defaultValue = "false")
    private boolean force;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        core.onTarget("schema:unlock", settings, target(), targetConfig(false), tasks -> tasks.unlock(Duration.ofSeconds(minLockAge), force));
    }
}
