package dev.schemacode.core.changelog;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.helpers.DefaultHandler;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line where each changeset of one changelog file starts. Liquibase's parsed model has no
 * line numbers, so they are found here: SAX's {@link Locator} for XML, SnakeYAML's marks for YAML
 * and JSON, the {@code --changeset author:id} comment for formatted SQL. Lines are 1-based.
 * A file that cannot be indexed gives an empty index (every line then reads as unknown, 0).
 */
public final class ChangesetLines {

    private static final Pattern SQL_CHANGESET = Pattern.compile(
            "^\\s*--\\s*changeset\\s+(?:\"([^\"]+)\"|(\\S+?)):(?:\"([^\"]+)\"|(\\S+))", Pattern.CASE_INSENSITIVE);

    private final Map<String, List<Integer>> byKey;
    private final NavigableMap<Integer, String> byLine;

    private ChangesetLines(Map<String, List<Integer>> byKey) {
        this.byKey = byKey;
        this.byLine = new TreeMap<>();
        byKey.forEach((key, lines) -> lines.forEach(line -> byLine.putIfAbsent(line, key)));
    }

    /**
     * Indexes one changelog file.
     *
     * @param fileName the file's name; its extension selects the format
     * @param content the file's text
     */
    public static ChangesetLines index(String fileName, String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".xml")) {
                return new ChangesetLines(xml(content));
            }
            if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
                return new ChangesetLines(yaml(content));
            }
            if (lower.endsWith(".sql")) {
                return new ChangesetLines(sql(content));
            }
        } catch (Exception e) {
            // An unparseable file: the parser reports the error itself; lines stay unknown.
        }
        return new ChangesetLines(new HashMap<>());
    }

    /** @return the 1-based line where changeset {@code id} by {@code author} starts, or 0. */
    public int lineOf(String id, String author) {
        return lineOf(id, author, 0);
    }

    /** @return the start line of the {@code occurrence}-th (0-based) changeset with this id and author, or 0. */
    public int lineOf(String id, String author, int occurrence) {
        List<Integer> lines = byKey.get(key(id, author));
        return lines == null || occurrence >= lines.size() ? 0 : lines.get(occurrence);
    }

    /** @return the {@code id::author} key of the changeset that contains the 1-based line, or null. */
    public String changesetAt(int line) {
        Map.Entry<Integer, String> entry = byLine.floorEntry(line);
        return entry == null ? null : entry.getValue();
    }

    private static void add(Map<String, List<Integer>> out, String key, int line) {
        out.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(line);
    }

    static String key(String id, String author) {
        return id + "::" + author;
    }

    private static Map<String, List<Integer>> xml(String content) throws Exception {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        SAXParser parser = factory.newSAXParser();
        String[] lines = content.lines().toArray(String[]::new);
        Map<String, List<Integer>> out = new HashMap<>();
        parser.parse(new InputSource(new StringReader(content)), new DefaultHandler() {
            private Locator locator;

            @Override
            public void setDocumentLocator(Locator locator) {
                this.locator = locator;
            }

            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                if ("changeSet".equals(localName)) {
                    // SAX reports where the start tag ends; walk back to the line that opens it.
                    int line = locator.getLineNumber();
                    int start = line;
                    while (start > 1 && !lines[start - 1].contains("<changeSet") && !lines[start - 1].contains(":changeSet")) {
                        start--;
                    }
                    if (!lines[start - 1].contains("changeSet")) {
                        start = line;
                    }
                    add(out, key(attributes.getValue("id"), attributes.getValue("author")), start);
                }
            }
        });
        return out;
    }

    private static Map<String, List<Integer>> yaml(String content) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(Integer.MAX_VALUE);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Map<String, List<Integer>> out = new HashMap<>();
        Node root = yaml.compose(new StringReader(content));
        walkYaml(root, out);
        return out;
    }

    private static void walkYaml(Node node, Map<String, List<Integer>> out) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && "changeSet".equals(key.getValue())
                        && tuple.getValueNode() instanceof MappingNode body) {
                    String id = null;
                    String author = null;
                    for (NodeTuple field : body.getValue()) {
                        if (field.getKeyNode() instanceof ScalarNode name && field.getValueNode() instanceof ScalarNode value) {
                            if ("id".equals(name.getValue())) {
                                id = value.getValue();
                            } else if ("author".equals(name.getValue())) {
                                author = value.getValue();
                            }
                        }
                    }
                    add(out, key(id, author), key.getStartMark().getLine() + 1);
                } else {
                    walkYaml(tuple.getValueNode(), out);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                walkYaml(item, out);
            }
        }
    }

    private static Map<String, List<Integer>> sql(String content) {
        Map<String, List<Integer>> out = new HashMap<>();
        String[] lines = content.lines().toArray(String[]::new);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = SQL_CHANGESET.matcher(lines[i]);
            if (m.find()) {
                String author = m.group(1) != null ? m.group(1) : m.group(2);
                String id = m.group(3) != null ? m.group(3) : m.group(4);
                add(out, key(id, author), i + 1);
            }
        }
        return out;
    }
}
