package dev.schemacode.maven;

import dev.schemacode.core.Schemacode;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.problem.SchemaError;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.DependencyResolutionResult;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.eclipse.aether.graph.Dependency;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parses the whole changelog tree from the source resource directories, runs Liquibase's
 * validation, checks {@code schema.lock} and runs the risk rules, touching no database. Reports
 * every problem and finding as {@code path:line: message}, writes {@code target/schema/validate.json}
 * and {@code validate.sarif}, and fails the build on any error.
 */
@Mojo(name = ValidateMojo.GOAL, defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractSchemaMojo {

    /** The goal name. */
    public static final String GOAL = "validate";

    /** Skips this goal only. */
    @Parameter(property = "schema.validate.skip", defaultValue = "false")
    private boolean skipValidate;

    @Override
    protected String goal() {
        return GOAL;
    }

    @Override
    protected String skipReason() {
        String reason = super.skipReason();
        return reason != null ? reason : skipValidate ? "schema.validate.skip" : null;
    }

    /**
     * Liquibase short name of the production database ({@code postgresql}, {@code mariadb},
     * {@code mysql}, {@code oracle}, {@code mssql}, …): {@code dbms} filters, dialect-specific
     * properties and dialect rules are evaluated for it. Unset: the dialect of {@code url} when one
     * is configured, else {@code h2}.
     */
    @Parameter(property = "schema.targetDatabase")
    private String targetDatabase;

    /** The deploy target's URL: when {@code targetDatabase} is unset, the dialect is taken from it. */
    @Parameter(property = "schema.url")
    private String url;

    /**
     * The self-test's engine ({@code h2}, {@code postgresql}, {@code mariadb}, {@code target}), so
     * the {@code not-self-tested} rule knows which changesets the self-test will run.
     */
    @Parameter(property = "schema.selftestEngine", defaultValue = "h2")
    private String selftestEngine;

    /**
     * Risk rule levels: rule id to {@code error}, {@code warn} or {@code off}, e.g.
     * {@code <rules><missing-lock-timeout>off</missing-lock-timeout></rules>}.
     */
    @Parameter
    private Map<String, String> rules;

    @Override
    protected String targetDatabase() {
        return targetDialect(targetDatabase, url);
    }

    @Component
    private ProjectDependenciesResolver dependencyResolver;

    @Override
    protected boolean usesDependencies() {
        return true;
    }

    /**
     * Resolves the runtime dependencies best-effort, so changelogs included from a shared schema
     * jar can be validated. The goal does not declare dependency resolution: at the validate phase
     * a reactor sibling is not built yet and Maven would fail the build. What does not resolve is
     * left out (logged at debug) and is checked by schema:selftest.
     */
    @Override
    protected List<Path> dependencyFiles() {
        if (session == null || dependencyResolver == null) {
            return super.dependencyFiles();
        }
        DependencyResolutionResult result;
        try {
            result = dependencyResolver.resolve(new DefaultDependencyResolutionRequest(project, session.getRepositorySession()));
        } catch (DependencyResolutionException e) {
            result = e.getResult();
            getLog().debug("schema:validate could not resolve every dependency (not needed unless a changelog is included from one): "
                    + e.getMessage());
        }
        List<Path> files = new ArrayList<>();
        if (result != null) {
            for (Dependency dependency : result.getDependencies()) {
                String scope = dependency.getScope();
                if (dependency.getArtifact().getFile() != null && !"test".equals(scope) && !"provided".equals(scope)) {
                    files.add(dependency.getArtifact().getFile().toPath());
                }
            }
        }
        return files;
    }

    @Override
    protected void run(Schemacode core, ChangelogSettings settings) throws SchemaFailure, SchemaError {
        dev.schemacode.core.engine.EngineKind engine = dev.schemacode.core.engine.EngineKind.byName(selftestEngine);
        long start = System.nanoTime();
        core.validate(settings, rules, engine == null ? "h2" : engine.dialect());
        String hint = dev.schemacode.core.JvmHint.forThisJvm((System.nanoTime() - start) / 1e9);
        if (hint != null) {
            getLog().info(hint);
        }
    }
}
