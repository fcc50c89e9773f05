package dev.schemacode.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a project keeps its files, as the build tool reports them. All paths are absolute.
 *
 * @param projectDir the project's base directory; problem paths are shown relative to it
 * @param searchPath extra directories searched first for changelogs in every goal (Liquibase's
 *     {@code searchPath}); usually empty
 * @param resourceDirs the source resource directories ({@code src/main/resources}), in order:
 *     the search path of the validate phase
 * @param outputDir the directory the application ships ({@code target/classes}, after resource
 *     filtering and compilation): the first entry of the self-test's search path and class path
 * @param runtimeClasspath the project's runtime dependencies (jars or directories), searched after
 *     {@code outputDir} for changelogs and {@code customChange} classes
 * @param buildDir the build directory ({@code target}); reports go under it
 */
public record ProjectLayout(Path projectDir, List<Path> searchPath, List<Path> resourceDirs, Path outputDir,
        List<Path> runtimeClasspath, Path buildDir) {

    public ProjectLayout {
        Objects.requireNonNull(projectDir, "projectDir");
        searchPath = List.copyOf(searchPath);
        resourceDirs = List.copyOf(resourceDirs);
        Objects.requireNonNull(outputDir, "outputDir");
        runtimeClasspath = List.copyOf(runtimeClasspath);
        Objects.requireNonNull(buildDir, "buildDir");
    }

    /** A layout following Maven's defaults under {@code projectDir}, with no dependencies. */
    public static ProjectLayout standard(Path projectDir) {
        Path dir = projectDir.toAbsolutePath().normalize();
        return new ProjectLayout(dir, List.of(), List.of(dir.resolve("src/main/resources")),
                dir.resolve("target/classes"), List.of(), dir.resolve("target"));
    }

    /** @return the directories a configured changelog path is looked up in: search path, then resources. */
    public List<Path> sourceRoots() {
        List<Path> roots = new java.util.ArrayList<>(searchPath);
        roots.addAll(resourceDirs);
        return roots;
    }

    /** @return a copy with the given extra search path. */
    public ProjectLayout withSearchPath(List<Path> newSearchPath) {
        return new ProjectLayout(projectDir, newSearchPath, resourceDirs, outputDir, runtimeClasspath, buildDir);
    }

    /**
     * Formats a path for users: relative to the project with {@code /} separators when inside it,
     * else absolute.
     */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (abs.startsWith(projectDir)) {
            String rel = projectDir.relativize(abs).toString().replace('\\', '/');
            return rel.isEmpty() ? "." : rel;
        }
        return abs.toString().replace('\\', '/');
    }
}
