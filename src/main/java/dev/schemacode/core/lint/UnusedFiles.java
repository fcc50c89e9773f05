package dev.schemacode.core.lint;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import liquibase.change.Change;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;

/**
 * Finds changelog files under the master changelog's folder that hold changesets but that no
 * changelog includes: migrations that will never run. An include or includeAll path containing
 * {@code ${...}} parameters is treated as a pattern (each parameter matches one path segment or
 * part of one), so files chosen by a parameter at deploy time are not reported.
 */
final class UnusedFiles {

    private static final Pattern MARKERS = Pattern.compile("<changeSet\\b|^\\s*-\\s*changeSet\\s*:|\"changeSet\"\\s*:|^--\\s*changeset\\s", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern INCLUDE_PATHS = Pattern.compile("(file|path)\\s*[=:]\\s*[\"']?([^\"'\\s>,]*\\$\\{[^\"'\\s>,]*)");
    private static final Set<String> EXTENSIONS = Set.of("xml", "yaml", "yml", "json", "sql");

    private UnusedFiles() {
    }

    /**
     * @return the project-relative (as shown) paths of unused changelog files, sorted; empty when
     *     the master is not a plain file
     */
    static List<String> find(LoadedChangelog loaded) {
        Path master = loaded.sources().sourceFile(loaded.path());
        if (master == null) {
            return List.of();
        }
        Path root = master.toAbsolutePath().normalize().getParent();
        Set<Path> used = new HashSet<>();
        used.add(master.toAbsolutePath().normalize());
        List<ChangeSet> all = new ArrayList<>(loaded.changeSets());
        all.addAll(loaded.changeLog().getSkippedChangeSets());
        Set<String> physical = new HashSet<>();
        for (ChangeSet cs : all) {
            physical.add(SourceMap.physicalPath(cs));
            for (Change change : cs.getChanges()) {
                if (change instanceof SQLFileChange sqlFile && sqlFile.getPath() != null) {
                    String path = sqlFile.getPath();
                    if (Boolean.TRUE.equals(sqlFile.isRelativeToChangelogFile())) {
                        String parent = SourceMap.physicalPath(cs);
                        int slash = parent.lastIndexOf('/');
                        path = (slash < 0 ? "" : parent.substring(0, slash + 1)) + path;
                    }
                    physical.add(path);
                }
            }
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String path : physical) {
            Path file = loaded.sources().sourceFile(path);
            if (file != null) {
                used.add(file.toAbsolutePath().normalize());
                patterns.addAll(parameterisedIncludes(file));
            }
        }
        patterns.addAll(parameterisedIncludes(master));
        List<String> unused = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path normal = file.toAbsolutePath().normalize();
                String name = normal.getFileName().toString();
                String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
                if (!EXTENSIONS.contains(extension) || used.contains(normal)) {
                    continue;
                }
                String absolute = normal.toString().replace('\\', '/');
                if (patterns.stream().anyMatch(p -> p.matcher(absolute).find()) || !holdsChangesets(normal)) {
                    continue;
                }
                unused.add(normal.toString());
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        return unused;
    }

    private static boolean holdsChangesets(Path file) {
        try {
            return MARKERS.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** Include paths with {@code ${...}} in a changelog file, as patterns matching the end of an absolute path. */
    private static List<Pattern> parameterisedIncludes(Path file) {
        List<Pattern> out = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        if (!text.contains("${")) {
            return out;
        }
        Matcher m = INCLUDE_PATHS.matcher(text);
        while (m.find()) {
            boolean includeAll = m.group(1).equals("path");
            String path = m.group(2).replace('\\', '/').replaceFirst("^classpath\\*?:", "").replaceFirst("^/+", "");
            while (path.endsWith("}") && path.chars().filter(c -> c == '}').count() > path.split("\\$\\{", -1).length - 1) {
                path = path.substring(0, path.length() - 1); // the end of a YAML flow mapping, not of a parameter
            }
            boolean directory = includeAll || path.endsWith("/");
            path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            StringBuilder regex = new StringBuilder();
            for (String part : path.split("\\$\\{[^}]*}", -1)) {
                if (regex.length() > 0) {
                    regex.append("[^/]*");
                }
                regex.append(Pattern.quote(part));
            }
            // matched against the end of a file's absolute path; an includeAll directory (path ending in /)
            // matches what is below it
            out.add(Pattern.compile("(^|/)" + regex + (directory ? "/" : "$")));
        }
        return out;
    }
}
