package dev.schemacode.core.changelog;

import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.problem.Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.changelog.ChangeSet;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Maps changesets and changelog paths back to the files users edit, for {@code path:line}
 * messages. Files are read and indexed lazily, once each; the caches are concurrent, so the tasks of
 * one execution (validation, lock check, risk rules) may share one map.
 */
public final class SourceMap {

    private final ProjectLayout layout;
    private final ResourceAccessor resources;
    private final Map<String, String> displayPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ChangesetLines> lines = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param layout the project; paths inside it are shown relative to it
     * @param resources resolves classpath-relative changelog paths to files
     */
    public SourceMap(ProjectLayout layout, ResourceAccessor resources) {
        this.layout = layout;
        this.resources = resources;
    }

    /**
     * @return the file users edit for a classpath-relative changelog path (its source when the
     *     build copied it to the output directory), or {@code null} when it is not a plain file
     *     (inside a jar)
     */
    public Path sourceFile(String changelogPath) {
        Resource resource = resource(changelogPath);
        if (resource == null || resource.getUri() == null || !"file".equals(resource.getUri().getScheme())) {
            return null;
        }
        return sourceOf(Path.of(resource.getUri()));
    }

    /**
     * @return the 1-based line of the first line of a file containing {@code text}, or 0
     */
    public int lineContaining(String changelogPath, String text) {
        Resource resource = resource(changelogPath);
        if (resource == null) {
            return 0;
        }
        try (InputStream in = resource.openInputStream()) {
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = content.indexOf(text);
            return at < 0 ? 0 : lineAt(content, at);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * @param content a file's text
     * @param offset a char index into it
     * @return the 1-based line holding that char; {@code \r\n}, {@code \r} and {@code \n} each end a line
     */
    static int lineAt(String content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            char c = content.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= content.length() || content.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /**
     * @param changelogPaths classpath-relative paths of files read
     * @return how many of them were read from the output directory while their source in a
     *     resource directory is newer (the build has not copied the latest edit yet)
     */
    public int staleCopies(java.util.Collection<String> changelogPaths) {
        int stale = 0;
        for (String path : new java.util.LinkedHashSet<>(changelogPaths)) {
            Resource resource = resource(path);
            if (resource == null || resource.getUri() == null || !"file".equals(resource.getUri().getScheme())) {
                continue;
            }
            Path copy = Path.of(resource.getUri());
            Path source = sourceOf(copy);
            try {
                if (!source.equals(copy.toAbsolutePath().normalize())
                        && java.nio.file.Files.getLastModifiedTime(source).compareTo(java.nio.file.Files.getLastModifiedTime(copy)) > 0) {
                    stale++;
                }
            } catch (IOException e) {
                // a file that vanished is not stale, it is gone: the parser has reported it
            }
        }
        return stale;
    }

    /** @return the 1-based line of the first line of a file matching {@code pattern}, or 0. */
    public int lineMatching(String changelogPath, java.util.regex.Pattern pattern) {
        Resource resource = resource(changelogPath);
        if (resource == null) {
            return 0;
        }
        try (InputStream in = resource.openInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return 0;
            }
            return 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Like {@link #locate(ChangeSet)}, for the {@code occurrence}-th (0-based) definition of the
     * same id and author in one file: duplicates.
     */
    public Location locate(ChangeSet changeSet, int occurrence) {
        String physical = physicalPath(changeSet);
        int line = linesOf(physical).lineOf(changeSet.getId(), changeSet.getAuthor(), occurrence);
        return new Location(display(physical), line, identity(changeSet));
    }

    /**
     * @return where the changeset is written: its file (the physical one, even when the
     *     changelog sets {@code logicalFilePath}), its 1-based start line (0 if unknown) and its
     *     identity {@code path::id::author}
     */
    public Location locate(ChangeSet changeSet) {
        String physical = physicalPath(changeSet);
        ChangesetLines index = linesOf(physical);
        int line = index.lineOf(changeSet.getId(), changeSet.getAuthor());
        return new Location(display(physical), line, identity(changeSet));
    }

    /** @return a file on disk as users see it: project-relative when inside the project, else absolute */
    public String displayFile(Path file) {
        return layout.display(file);
    }

    /** @return the changeset's identity as Liquibase records it: {@code path::id::author}. */
    public static String identity(ChangeSet changeSet) {
        return changeSet.getFilePath() + "::" + changeSet.getId() + "::" + changeSet.getAuthor();
    }

    /** @return the classpath-relative path of the file the changeset was read from. */
    public static String physicalPath(ChangeSet changeSet) {
        if (changeSet.getChangeLog() != null && changeSet.getChangeLog().getPhysicalFilePath() != null) {
            return changeSet.getChangeLog().getPhysicalFilePath();
        }
        return changeSet.getFilePath();
    }

    /**
     * @param changelogPath a classpath-relative changelog path as Liquibase reports it
     * @return the file as users see it (project-relative, absolute or {@code jar!/entry}); the
     *     path itself when it cannot be resolved
     */
    public String display(String changelogPath) {
        if (changelogPath == null) {
            return null;
        }
        return displayPaths.computeIfAbsent(changelogPath, this::resolveDisplay);
    }

    /** @return the changeset key ({@code id::author}) containing the 1-based line of a file, or null. */
    public String changesetAt(String changelogPath, int line) {
        return linesOf(changelogPath).changesetAt(line);
    }

    /** @return the 1-based line of changeset {@code id} by {@code author} in a file, or 0. */
    public int lineOf(String changelogPath, String id, String author) {
        return linesOf(changelogPath).lineOf(id, author);
    }

    private ChangesetLines linesOf(String changelogPath) {
        return lines.computeIfAbsent(changelogPath, p -> {
            Resource resource = resource(p);
            if (resource == null) {
                return ChangesetLines.index("", "");
            }
            try (InputStream in = resource.openInputStream()) {
                return ChangesetLines.index(p, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return ChangesetLines.index("", "");
            }
        });
    }

    private String resolveDisplay(String changelogPath) {
        Resource resource = resource(changelogPath);
        if (resource == null) {
            return changelogPath;
        }
        URI uri = resource.getUri();
        if (uri == null) {
            return changelogPath;
        }
        if ("file".equals(uri.getScheme())) {
            return layout.display(sourceOf(Path.of(uri)));
        }
        String text = uri.toString();
        if (text.startsWith("jar:file:")) {
            int bang = text.indexOf("!/");
            if (bang > 0) {
                try {
                    Path jar = Path.of(URI.create(text.substring(4, bang)));
                    return layout.display(jar) + text.substring(bang);
                } catch (RuntimeException e) {
                    return text;
                }
            }
        }
        return text;
    }

    /**
     * A file the build copied into the output directory is shown as its source in a resource
     * directory, the file users edit; other files as they are.
     */
    Path sourceOf(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path output = layout.outputDir().toAbsolutePath().normalize();
        if (abs.startsWith(output)) {
            Path relative = output.relativize(abs);
            for (Path dir : layout.resourceDirs()) {
                Path source = dir.resolve(relative);
                if (java.nio.file.Files.isRegularFile(source)) {
                    return source;
                }
            }
        }
        return abs;
    }

    private Resource resource(String changelogPath) {
        try {
            List<Resource> all = resources.getAll(changelogPath);
            if (all == null || all.isEmpty()) {
                return null;
            }
            return all.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
