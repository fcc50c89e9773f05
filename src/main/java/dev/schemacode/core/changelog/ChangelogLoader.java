package dev.schemacode.core.changelog;

import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.liquibase.DatabaseErrors;
import dev.schemacode.core.liquibase.LiquibaseRuntime;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import liquibase.Contexts;
import liquibase.Scope;
import liquibase.LabelExpression;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.exception.CustomChangeException;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import org.xml.sax.SAXParseException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses a changelog tree (XML, YAML, JSON, formatted SQL, with includes) once, through
 * Liquibase's own parsers, and turns a parse failure into one {@code path:line} problem.
 * Must be called inside {@link LiquibaseRuntime#call}.
 */
public final class ChangelogLoader {

    private static final Pattern SAX_FILE = Pattern.compile("Error parsing line \\d+ column \\d+ of (.+?): ");
    private static final Pattern YAML_FILE = Pattern.compile("(?:Syntax error in file|Error parsing) (.+?\\.(?:ya?ml|json)) ?:");
    private static final Pattern NOT_FOUND = Pattern.compile("The file (\\S+) was not found in the configured search path");
    private static final Pattern UNKNOWN_CHANGE = Pattern.compile("Unknown change type '([^'\\s]+)'");
    private static final Pattern AT_LINE = Pattern.compile("\\bat line (\\d+)");
    private static final Pattern UNKNOWN_ELEMENT = Pattern.compile(
            "Invalid content was found starting with element '(?:\\{\"[^\"]*\":)?([^'}]+)}?'");
    private static final Pattern ANY_FILE = Pattern.compile("([\\w./\\\\${}-]+\\.(?:xml|ya?ml|json|sql))");

    private ChangelogLoader() {
    }

    /**
     * @param runtime the execution's Liquibase runtime (search path and class loader)
     * @param layout the project, for display paths
     * @param path the master changelog's classpath-relative path
     * @param settings contexts, labels and changelog parameters ({@code ${name}} values)
     * @param database the database whose dialect decides {@code dbms}-dependent properties; an
     *     offline one is fine
     * @return the parsed tree
     * @throws SchemaFailure when the master is missing or any file of the tree fails to parse
     *     (one problem naming the file, line and reason)
     */
    public static LoadedChangelog load(LiquibaseRuntime runtime, ProjectLayout layout, String path,
            ChangelogSettings settings, Database database) throws SchemaFailure {
        return load(runtime, layout, path, settings, database, false);
    }

    /**
     * Like {@link #load(LiquibaseRuntime, ProjectLayout, String, ChangelogSettings, Database)};
     * with {@code standInMissingCustomChanges}, a {@code customChange} class that cannot be loaded
     * is replaced by a do-nothing stand-in and reported as a warning (with its file and line), so
     * the rest of the tree is still parsed. For the validate goal, which runs before compilation.
     */
    public static LoadedChangelog load(LiquibaseRuntime runtime, ProjectLayout layout, String path,
            ChangelogSettings settings, Database database, boolean standInMissingCustomChanges) throws SchemaFailure {
        return load(runtime, layout, path, settings, database, standInMissingCustomChanges, null);
    }

    /**
     * Like {@link #load(LiquibaseRuntime, ProjectLayout, String, ChangelogSettings, Database, boolean)},
     * telling {@code listener} (may be null) about each changeset as soon as it is final when the
     * master changelog is XML, so work on it can start while the rest is parsed.
     */
    public static LoadedChangelog load(LiquibaseRuntime runtime, ProjectLayout layout, String path,
            ChangelogSettings settings, Database database, boolean standInMissingCustomChanges, ParseListener listener)
            throws SchemaFailure {
        SourceMap sources = new SourceMap(layout, runtime.resourceAccessor());
        try {
            List<?> found = runtime.resourceAccessor().getAll(path);
            if (found == null || found.isEmpty()) {
                throw new SchemaFailure(Problem.error("changelog-not-found", Location.NONE,
                        "changelog " + path + " not found on the search path " + describe(layout, runtime)
                                + "; check " + settings.changeLogSetting()));
            }
        } catch (IOException e) {
            throw new SchemaFailure(Problem.error("changelog-not-found", Location.NONE,
                    "cannot read changelog " + path + ": " + e.getMessage()), e);
        }
        java.util.List<Problem> warnings = new java.util.ArrayList<>();
        java.util.Set<String> standIns = new java.util.LinkedHashSet<>();
        while (true) {
            ChangeLogParameters parameters = parameters(settings, database);
            try {
                DatabaseChangeLog changeLog = Scope.child((liquibase.listener.LiquibaseListener) null,
                        Map.<String, Object>of(ChangeTypeMemo.SCOPE_KEY, new ChangeTypeMemo()),
                        () -> parse(path, parameters, runtime, listener, sources, standIns));
                return new LoadedChangelog(path, changeLog, sources, warnings, standIns);
            } catch (Exception e) {
                Problem problem = parseProblem(e, path, sources, runtime, layout);
                String missing = missingCustomChange(e);
                if (standInMissingCustomChanges && missing != null && standIns.add(missing)) {
                    runtime.standInForCustomChange(missing);
                    warnings.add(Problem.warning(problem.code(), problem.location(), problem.message()
                            + "; at validate this may only mean the project is not compiled yet: schema:selftest checks it"));
                    continue;
                }
                throw new SchemaFailure(problem, e);
            }
        }
    }

    /**
     * One parse attempt, inside the scope of a fresh {@link ChangeTypeMemo}, which the changesets
     * of every file use; an XML master read by Liquibase's own parser is read by
     * {@link StreamingXmlParser} when there is a listener.
     */
    private static DatabaseChangeLog parse(String path, ChangeLogParameters parameters, LiquibaseRuntime runtime,
            ParseListener listener, SourceMap sources, java.util.Set<String> standIns) throws Exception {
        ChangeTypeMemo.register();
        ChangeLogParser parser = ChangeLogParserFactory.getInstance().getParser(path, runtime.resourceAccessor());
        if (listener != null && parser.getClass() == XMLChangeLogSAXParser.class) {
            // Liquibase's own XML parse (not an extension's), heard changeset by changeset
            parser = new StreamingXmlParser(listener);
            listener.attempt(sources, standIns);
        }
        if (parser instanceof XMLChangeLogSAXParser xml) {
            xml.setShouldWarnOnMismatchedXsdVersion(false);
        }
        return parser.parse(path, parameters, runtime.resourceAccessor());
    }

    /** @return the class name when the failure is a {@code customChange} class that cannot be loaded. */
    private static String missingCustomChange(Throwable failure) {
        ClassNotFoundException missing = DatabaseErrors.find(failure, ClassNotFoundException.class);
        return missing != null && DatabaseErrors.find(failure, CustomChangeException.class) != null ? missing.getMessage() : null;
    }

    /**
     * Builds Liquibase's changelog parameters: the user's values, plus the contexts, labels and
     * dialect that decide which {@code <property>} definitions apply.
     */
    public static ChangeLogParameters parameters(ChangelogSettings settings, Database database) {
        ChangeLogParameters parameters = new ChangeLogParameters(database);
        for (Map.Entry<String, String> e : settings.parameters().entrySet()) {
            parameters.set(e.getKey(), e.getValue());
        }
        parameters.setContexts(new Contexts(settings.contexts()));
        parameters.setLabels(new LabelExpression(settings.labels()));
        return parameters;
    }

    /** Turns a parse failure into one problem with the best location the exception allows. */
    static Problem parseProblem(Throwable failure, String master, SourceMap sources, LiquibaseRuntime runtime,
            ProjectLayout layout) {
        ClassNotFoundException missingClass = DatabaseErrors.find(failure, ClassNotFoundException.class);
        if (missingClass != null && DatabaseErrors.find(failure, CustomChangeException.class) != null) {
            return customChangeProblem(missingClass.getMessage(), sources, runtime, layout);
        }
        Matcher notFound = NOT_FOUND.matcher(bestMessage(failure));
        if (notFound.find()) {
            return missingIncludeProblem(notFound.group(1), master, sources, runtime, layout);
        }
        SAXParseException sax = DatabaseErrors.find(failure, SAXParseException.class);
        if (sax != null) {
            String file = firstMatch(SAX_FILE, failure);
            return Problem.error("parse", Location.of(sources.display(file != null ? file : master),
                    Math.max(sax.getLineNumber(), 0)), xmlMessage(sax.getMessage()));
        }
        MarkedYAMLException yaml = DatabaseErrors.find(failure, MarkedYAMLException.class);
        if (yaml != null) {
            String file = firstMatch(YAML_FILE, failure);
            int line = yaml.getProblemMark() != null ? yaml.getProblemMark().getLine() + 1 : 0;
            String what = "YAML syntax error: " + (yaml.getContext() != null ? yaml.getContext() + ", " : "") + yaml.getProblem()
                    + (yaml.getProblemMark() != null ? " (column " + (yaml.getProblemMark().getColumn() + 1) + ")" : "")
                    + "; check the indentation";
            return Problem.error("parse", Location.of(sources.display(file != null ? file : master), line), what);
        }
        String message = bestMessage(failure);
        Matcher parameterInPath = Pattern.compile("(?:resourceaccessor:)?([^\\s:]*\\$\\{([^}]+)}[^\\s:]*)").matcher(message);
        if (message.contains("Illegal character") && parameterInPath.find()) {
            // an include path with a parameter nothing defines: Liquibase fails on it as an illegal URI
            String placeholder = "${" + parameterInPath.group(2) + "}";
            String where = master;
            int line = sources.lineContaining(master, placeholder);
            return Problem.error("unresolved-parameter", Location.of(sources.display(where), line), "the include path "
                    + parameterInPath.group(1) + " uses " + placeholder + ", which nothing defines: define it with"
                    + " <changeLogParameters>, a <property> in the changelog or spring.liquibase.parameters.*");
        }
        String file = firstMatch(ANY_FILE, failure);
        String changelog = file != null ? file : master;
        int line = 0;
        Matcher unknownChange = UNKNOWN_CHANGE.matcher(message);
        Matcher atLine = AT_LINE.matcher(message);
        if (unknownChange.find()) {
            line = sources.lineContaining(changelog, unknownChange.group(1));
        } else if (atLine.find()) {
            line = Integer.parseInt(atLine.group(1));
        }
        return Problem.error("parse", Location.of(sources.display(changelog), line), message);
    }

    /** Drops the XML Schema rule code ({@code cvc-complex-type.4: }) that means nothing to users. */
    static String xmlMessage(String message) {
        String text = message == null ? "XML error" : message.replaceFirst("^cvc-[\\w.-]+: ", "");
        Matcher unknown = UNKNOWN_ELEMENT.matcher(text);
        if (unknown.find()) {
            return "XML error: <" + unknown.group(1) + "> is not allowed here: not a Liquibase change type or element"
                    + " in this position; check its spelling";
        }
        return "XML error: " + text;
    }

    private static Problem customChangeProblem(String className, SourceMap sources, LiquibaseRuntime runtime,
            ProjectLayout layout) {
        String message = "customChange class " + className + " cannot be loaded; add the module that contains it"
                + " to the project's dependencies (or to the plugin's <dependencies>)";
        Reference ref = findReference(className, runtime);
        if (ref == null) {
            return Problem.error("custom-change-class", Location.NONE, message);
        }
        String changeset = sources.changesetAt(ref.changelogPath(), ref.line());
        String id = changeset == null ? null : ref.changelogPath() + "::" + changeset;
        return Problem.error("custom-change-class", new Location(layout.display(sources.sourceOf(ref.file())), ref.line(), id),
                (id == null ? "" : "changeset " + id + ": ") + message);
    }

    private static Problem missingIncludeProblem(String missing, String master, SourceMap sources,
            LiquibaseRuntime runtime, ProjectLayout layout) {
        String message = "included file " + missing + " not found on the search path " + describe(layout, runtime)
                + "; check the include's path (use relativeToChangelogFile for a path relative to the including file)"
                + " or add its directory with <searchPath>; a file shipped in a dependency jar is only seen once that"
                + " dependency is built (mvn verify)";
        // The include names the file as written: try the full path, then shorter tails of it.
        String tail = missing;
        while (true) {
            Reference ref = findReference(tail, runtime);
            if (ref != null) {
                return Problem.error("include-not-found", Location.of(layout.display(ref.file()), ref.line()), message);
            }
            int slash = tail.indexOf('/');
            if (slash < 0) {
                break;
            }
            tail = tail.substring(slash + 1);
        }
        return Problem.error("include-not-found", Location.of(sources.display(master), 0), message);
    }

    /** Where a changelog file under a directory search root mentions some text. */
    private record Reference(Path file, String changelogPath, int line) { }

    /** @return the first changelog file (in path order) that contains {@code text}, and the line, or null. */
    private static Reference findReference(String text, LiquibaseRuntime runtime) {
        for (Path root : runtime.searchRoots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                        .filter(ChangelogLoader::isChangelogFile).sorted()::iterator) {
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    int at = content.indexOf(text);
                    if (at >= 0) {
                        int line = 1 + (int) content.substring(0, at).chars().filter(c -> c == '\n').count();
                        return new Reference(file, root.relativize(file).toString().replace('\\', '/'), line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable file cannot be the one that refers to the text
            }
        }
        return null;
    }

    private static boolean isChangelogFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".json") || name.endsWith(".sql");
    }

    private static String describe(ProjectLayout layout, LiquibaseRuntime runtime) {
        return runtime.searchRoots().isEmpty() ? "(empty: no resource directory exists)"
                : runtime.searchRoots().stream().map(layout::display).toList().toString();
    }

    /**
     * The most specific file a parse failure names: the last match in the deepest message that
     * has one (Liquibase wraps an included file's error in its parent's).
     */
    private static String firstMatch(Pattern pattern, Throwable failure) {
        String found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = pattern.matcher(t.getMessage());
                while (m.find()) {
                    found = m.group(1).trim();
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    /** The most specific message in the cause chain, without Java class-name prefixes. */
    static String bestMessage(Throwable failure) {
        String best = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                best = m;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (best == null) {
            return failure.getClass().getSimpleName();
        }
        return best.replaceAll("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "")
                .replaceAll("^((Error parsing|Syntax error in file) \\S+ ?: ?)+", "");
    }

}
