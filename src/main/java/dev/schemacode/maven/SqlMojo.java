package dev.schemacode.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes the SQL a deploy would run on the target to {@code target/schema/deploy-<database>.sql}
 * (the file {@code dryRun} writes), changing nothing.
 */
@Mojo(name = "sql", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public class SqlMojo extends DeployMojo {

    @Override
    protected String goal() {
        return "sql";
    }

    @Override
    protected boolean dryRun() {
        return true;
    }
}
