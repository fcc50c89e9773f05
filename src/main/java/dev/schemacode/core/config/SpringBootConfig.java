package dev.schemacode.core.config;

import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaError;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code spring.liquibase.*} settings of a Spring Boot application, read from the base
 * {@code application.properties} and {@code application.yml}/{@code .yaml} in the resource
 * directories (no profiles, no environment). Keys are matched with Spring's relaxed binding
 * ({@code change-log}, {@code changeLog} and {@code change_log} are one key). A {@code ${...}}
 * placeholder is resolved from the same files, or from its {@code :default}; one that cannot be
 * resolved is reported as a problem, never guessed.
 *
 * <p>Keys read (Spring Boot's {@code LiquibaseProperties}): {@code change-log},
 * {@code contexts}, {@code label-filter} (and the older {@code labels}),
 * {@code parameters.*}, {@code default-schema}.
 *
 * @param values normalised key ({@code changelog}, {@code contexts}, {@code labelfilter},
 *     {@code defaultschema}) to its setting
 * @param parameters changelog parameter name (as written) to its setting
 * @param problems placeholders that could not be resolved (errors) and files that could not be
 *     parsed (warnings)
 */
public record SpringBootConfig(Map<String, Setting> values, Map<String, Setting> parameters,
        List<Problem> problems) {

    /**
     * One setting and where it was written.
     *
     * @param value the value with placeholders resolved, or {@code null} when unresolvable
     * @param origin {@code path:line} relative to the project (line 0 if unknown)
     * @param unresolved the placeholder that could not be resolved, or {@code null}
     */
    public record Setting(String value, String origin, String unresolved) { }

    private static final String PREFIX = "spring.liquibase.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** A configuration with nothing set. */
    public static SpringBootConfig empty() {
        return new SpringBootConfig(Map.of(), Map.of(), List.of());
    }

    /**
     * Reads the Spring Boot configuration of a project.
     *
     * @param layout gives the resource directories, searched in order; in each, the
     *     {@code .properties} file is read before the YAML one and the first value of a key wins
     * @throws SchemaError when a file exists but cannot be read
     */
    public static SpringBootConfig read(ProjectLayout layout) throws SchemaError {
        Map<String, RawEntry> raw = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path dir : layout.resourceDirs()) {
            for (String name : List.of("application.properties", "application.yml", "application.yaml")) {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new SchemaError("cannot read " + layout.display(file) + ": " + e.getMessage(), e);
                }
                String shown = layout.display(file);
                try {
                    Map<String, RawEntry> entries = name.endsWith(".properties")
                            ? readProperties(text, shown) : readYaml(text, shown);
                    entries.forEach(raw::putIfAbsent);
                } catch (RuntimeException | IOException e) {
                    problems.add(Problem.warning("spring-config", Location.of(shown, 0),
                            "cannot parse this Spring Boot configuration, its spring.liquibase.* settings are ignored: "
                                    + e.getMessage()));
                }
            }
        }
        Map<String, Setting> values = new LinkedHashMap<>();
        Map<String, Setting> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, RawEntry> e : raw.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            Setting setting = resolve(e.getValue(), raw);
            if (setting.unresolved() != null) {
                String[] where = splitOrigin(setting.origin());
                problems.add(Problem.error("spring-placeholder", Location.of(where[0], Integer.parseInt(where[1])),
                        e.getValue().originalKey + " uses ${" + setting.unresolved()
                                + "}, which the build cannot resolve (profiles and environment are not read); "
                                + "set " + parameterFor(rest) + " in the plugin configuration instead"));
            }
            if (rest.startsWith("parameters.")) {
                parameters.put(e.getValue().originalKey.substring(e.getValue().originalKey.indexOf("parameters.") + 11), setting);
            } else {
                values.put(normalise(rest), setting);
            }
        }
        return new SpringBootConfig(Map.copyOf(values), java.util.Collections.unmodifiableMap(parameters), List.copyOf(problems));
    }

    /** @return the plugin parameter that replaces a {@code spring.liquibase.*} key, as users write it. */
    static String parameterFor(String springKey) {
        String key = normalise(springKey);
        if (key.startsWith("parameters.")) {
            return "<changeLogParameters><" + springKey.substring(springKey.indexOf('.') + 1) + ">";
        }
        return switch (key) {
            case "changelog" -> "<changeLogFile> (-Dschema.changeLogFile)";
            case "contexts" -> "<contexts> (-Dschema.contexts)";
            case "labelfilter", "labels" -> "<labels> (-Dschema.labels)";
            case "defaultschema" -> "<defaultSchemaName> (-Dschema.defaultSchemaName)";
            default -> "the matching parameter";
        };
    }

    /** @return the setting for a normalised key such as {@code changelog}, or {@code null}. */
    public Setting get(String normalisedKey) {
        return values.get(normalisedKey);
    }

    private record RawEntry(String originalKey, String value, String origin) { }

    private static Setting resolve(RawEntry entry, Map<String, RawEntry> all) {
        String value = entry.value;
        for (int depth = 0; depth < 10 && value.contains("${"); depth++) {
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                RawEntry ref = all.get(normaliseFull(m.group(1)));
                String replacement;
                if (ref != null) {
                    replacement = ref.value;
                } else if (m.group(2) != null) {
                    replacement = m.group(2);
                } else {
                    return new Setting(null, entry.origin, m.group(1));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            value = out.toString();
        }
        return new Setting(value, entry.origin, null);
    }

    private static Map<String, RawEntry> readProperties(String text, String shown) throws IOException {
        Properties props = new Properties();
        try (Reader reader = new StringReader(text)) {
            props.load(reader);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, RawEntry> out = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            int line = 0;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].trim();
                if (l.startsWith(key) && l.substring(key.length()).trim().matches("^[=:].*|^$|^\\s.*")) {
                    line = i + 1;
                    break;
                }
            }
            out.put(normaliseFull(key), new RawEntry(key, props.getProperty(key), shown + ":" + line));
        }
        return out;
    }

    private static Map<String, RawEntry> readYaml(String text, String shown) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Map<String, RawEntry> out = new LinkedHashMap<>();
        for (Node document : yaml.composeAll(new StringReader(text))) {
            flatten(document, "", shown, out);
        }
        return out;
    }

    private static void flatten(Node node, String prefix, String shown, Map<String, RawEntry> out) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String name = prefix.isEmpty() ? key.getValue() : prefix + "." + key.getValue();
                    flatten(tuple.getValueNode(), name, shown, out);
                }
            }
        } else if (node instanceof ScalarNode scalar && !prefix.isEmpty()) {
            out.putIfAbsent(normaliseFull(prefix),
                    new RawEntry(prefix, scalar.getValue(), shown + ":" + (scalar.getStartMark().getLine() + 1)));
        }
    }

    /** Relaxed binding for the part after {@code spring.liquibase.}: lower case, no dashes or underscores. */
    static String normalise(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Relaxed binding of a whole key, keeping {@code parameters.*} names as written. */
    static String normaliseFull(String key) {
        int at = key.toLowerCase(Locale.ROOT).indexOf(".parameters.");
        if (key.toLowerCase(Locale.ROOT).startsWith(PREFIX) && at > 0) {
            return normalise(key.substring(0, at)) + key.substring(at);
        }
        return normalise(key);
    }

    private static String[] splitOrigin(String origin) {
        int colon = origin.lastIndexOf(':');
        return new String[] {origin.substring(0, colon), origin.substring(colon + 1)};
    }
}
