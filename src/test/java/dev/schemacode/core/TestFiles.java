package dev.schemacode.core;

import dev.schemacode.core.log.SchemaLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test helpers: write files, capture log lines. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Writes UTF-8 text, creating parent directories. */
    public static Path write(Path dir, String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Risk rules all off: for tests of other parts of schema:validate whose fixtures need not be exemplary. */
    public static dev.schemacode.core.lint.LintConfig noRules() {
        java.util.Map<String, String> off = new java.util.HashMap<>();
        dev.schemacode.core.lint.Rules.all().forEach(r -> off.put(r.id(), "off"));
        try {
            return dev.schemacode.core.lint.LintConfig.of(off, "h2");
        } catch (dev.schemacode.core.problem.SchemaFailure e) {
            throw new IllegalStateException(e);
        }
    }

    /** An XML changelog with the given body inside {@code <databaseChangeLog>}. */
    public static String xml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog
                    xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                """ + body + "\n</databaseChangeLog>\n";
    }

    /**
     * {@code count} XML changesets by author {@code ana}, one per line, each creating a table
     * {@code t<i>} with one column of the given type and no primary key; ids {@code <idPrefix><i>}.
     */
    public static String createTables(int count, String idPrefix, String columnType) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("<changeSet id=\"").append(idPrefix).append(i).append("\" author=\"ana\"><createTable tableName=\"t").append(i)
                    .append("\"><column name=\"c\" type=\"").append(columnType).append("\"/></createTable></changeSet>\n");
        }
        return out.toString();
    }

    /** A log that keeps every line, prefixed with its level. */
    public static final class RecordingLog implements SchemaLog {
        public final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final boolean detail;

        public RecordingLog() {
            this(false);
        }

        public RecordingLog(boolean detail) {
            this.detail = detail;
        }

        @Override public void error(String line) { lines.add("ERROR " + line); }
        @Override public void warn(String line) { lines.add("WARN " + line); }
        @Override public void summary(String line) { lines.add("INFO " + line); }
        @Override public void detail(String line) { if (detail) { lines.add("DEBUG " + line); } }
        @Override public void detail(String line, Throwable cause) { detail(line); }
        @Override public boolean isDetailEnabled() { return detail; }

        /** @return the lines at the given level, without the level prefix. */
        public List<String> at(String level) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith(level + " ")).map(l -> l.substring(level.length() + 1)).toList();
            }
        }
    }
}
