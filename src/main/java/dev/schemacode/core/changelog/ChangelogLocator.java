package dev.schemacode.core.changelog;

import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the master changelog and turns it into the classpath-relative path the application
 * records in {@code DATABASECHANGELOG} ({@code db/changelog/db.changelog-master.yaml}).
 */
public final class ChangelogLocator {

    /**
     * Spring Boot's default master changelog ({@code spring.liquibase.change-log}), then the same
     * name with the other formats Liquibase reads, tried in this order in each resource directory.
     */
    public static final List<String> DEFAULT_LOCATIONS = List.of(
            "db/changelog/db.changelog-master.yaml",
            "db/changelog/db.changelog-master.yml",
            "db/changelog/db.changelog-master.xml",
            "db/changelog/db.changelog-master.json",
            "db/changelog/db.changelog-master.sql");

    /**
     * Where the master changelog is.
     *
     * @param path the classpath-relative path ({@code /} separators, no leading {@code /})
     * @param extraRoot a directory to add to the search path because the changelog lies outside
     *     every resource directory (then {@code path} is relative to it), or {@code null}
     */
    public record Located(String path, Path extraRoot) { }

    private ChangelogLocator() {
    }

    /**
     * @param layout the project
     * @param changeLogFile as configured (see {@code ChangelogSettings#changeLogFile}), or
     *     {@code null} for the default locations
     * @return the master changelog's classpath-relative path
     * @throws SchemaFailure when no file is found; the message lists every place looked at
     */
    public static Located locate(ProjectLayout layout, String changeLogFile) throws SchemaFailure {
        return locate(layout, changeLogFile, List.of(), "<changeLogFile>");
    }

    /**
     * Like {@link #locate(ProjectLayout, String)}, also looking in {@code alsoIn} (after the
     * search path and resource directories), e.g. the output directory for goals that read what
     * the application ships. {@code setting} names where the value was set, for the message.
     */
    public static Located locate(ProjectLayout layout, String changeLogFile, List<Path> alsoIn, String setting)
            throws SchemaFailure {
        List<Path> roots = new ArrayList<>(layout.sourceRoots());
        roots.addAll(alsoIn);
        List<String> looked = new ArrayList<>();
        if (changeLogFile == null) {
            for (String candidate : DEFAULT_LOCATIONS) {
                for (Path root : roots) {
                    Path file = root.resolve(candidate);
                    if (Files.isRegularFile(file)) {
                        return new Located(candidate, null);
                    }
                    looked.add(layout.display(file));
                }
            }
            throw notFound("no changelog configured and none at Spring Boot's default location", looked,
                    "set <changeLogFile> (or -Dschema.changeLogFile) to your master changelog");
        }
        String value = changeLogFile.replace('\\', '/');
        if (value.startsWith("classpath:")) {
            String path = stripLeadingSlashes(value.substring("classpath:".length()));
            // May live in a dependency jar: the loader checks the whole search path.
            return new Located(path, null);
        }
        Path file = layout.projectDir().resolve(value).normalize();
        if (Files.isRegularFile(file)) {
            for (Path root : roots) {
                Path normalRoot = root.toAbsolutePath().normalize();
                if (file.startsWith(normalRoot)) {
                    return new Located(normalRoot.relativize(file).toString().replace('\\', '/'), null);
                }
            }
            return new Located(file.getFileName().toString(), file.getParent());
        }
        looked.add(layout.display(file));
        String relative = stripLeadingSlashes(value);
        for (Path root : roots) {
            Path inRoot = root.resolve(relative);
            if (Files.isRegularFile(inRoot)) {
                return new Located(relative, null);
            }
            looked.add(layout.display(inRoot));
        }
        throw notFound("changelog " + changeLogFile + " not found", looked,
                "check " + setting + ": a path relative to the project directory, or classpath:<path>");
    }

    private static SchemaFailure notFound(String what, List<String> looked, String todo) {
        Problem problem = Problem.error("changelog-not-found", Location.NONE,
                what + "; looked at " + String.join(", ", looked) + "; " + todo);
        return new SchemaFailure(problem);
    }

    private static String stripLeadingSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
