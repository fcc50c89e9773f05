package dev.schemacode.core.lock;

import dev.schemacode.core.changelog.LoadedChangelog;
import dev.schemacode.core.changelog.SourceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.core.CreateProcedureChange;
import liquibase.change.core.LoadDataChange;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;

/**
 * Liquibase checksums of the last {@code schema:validate}, kept under the build directory so that
 * an unchanged changelog is not checksummed again. The cache counts only when its key matches
 * (what it confirms before the key is known is provisional, see {@link LockComparison}):
 * SHA-256 over the format, Liquibase's version, the dialect, every changelog file's path and
 * bytes, and the value of every {@code ${parameter}} those files mention (changelog parameters
 * and system properties). Changesets whose checksum depends on another file ({@code sqlFile},
 * {@code loadData}, a procedure file) are never cached. A cached checksum is only ever used to
 * confirm that a changeset still matches its recorded checksum; any difference is computed again.
 */
public final class ChecksumCache {

    /** The cache file's name, under {@code target/schema/}. */
    public static final String FILE_NAME = "checksums.cache";
    private static final String HEADER = "schemacode-checksums 1";
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([^}\\s]+)}");

    private ChecksumCache() {
    }

    /**
     * @param parameters the changelog parameters of this run
     * @return the key, or {@code null} when a changelog file is not a plain file (inside a jar)
     *     and nothing may be cached
     */
    public static String key(LoadedChangelog loaded, String dialect, Map<String, String> parameters) {
        TreeSet<String> paths = new TreeSet<>();
        paths.add(loaded.path());
        loaded.changeSets().forEach(cs -> paths.add(SourceMap.physicalPath(cs)));
        loaded.changeLog().getSkippedChangeSets().forEach(cs -> paths.add(SourceMap.physicalPath(cs)));
        MessageDigest digest = sha256();
        update(digest, HEADER + "\n" + liquibase.util.LiquibaseUtil.getBuildVersion() + "\n" + dialect + "\n");
        TreeMap<String, String> used = new TreeMap<>();
        for (String path : paths) {
            Path file = loaded.sources().sourceFile(path);
            if (file == null) {
                return null;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                return null;
            }
            update(digest, path + "\n");
            digest.update(bytes);
            Matcher m = PARAMETER.matcher(new String(bytes, StandardCharsets.UTF_8));
            while (m.find()) {
                String name = m.group(1);
                used.put(name, parameters.getOrDefault(name, "") + "\u0000" + System.getProperty(name, ""));
            }
        }
        used.forEach((name, value) -> update(digest, name + "=" + value + "\n"));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return whether the changeset's checksum depends only on its changelog's text */
    public static boolean selfContained(ChangeSet changeSet) {
        for (Change change : changeSet.getChanges()) {
            if (change instanceof SQLFileChange || change instanceof LoadDataChange
                    || (change instanceof CreateProcedureChange p && p.getPath() != null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cache as found on disk, before its key can be checked (the key needs the whole parsed
     * tree). Whatever it confirmed must be computed again unless {@code key} turns out to match.
     *
     * @param key the key it was written for, or {@code null} when there is no readable cache
     * @param checksums identity to latest-version checksum
     */
    public record Stored(String key, Map<String, String> checksums) { }

    /** @return the cache in {@code file}, or an empty one without a key when there is none or it is unreadable */
    public static Stored read(Path file) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return new Stored(null, out);
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith(HEADER + " ")) {
                return new Stored(null, out);
            }
            for (String line : lines.subList(1, lines.size())) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    out.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return new Stored(lines.get(0).substring(HEADER.length() + 1), out);
        } catch (IOException | RuntimeException e) {
            return new Stored(null, new HashMap<>());
        }
    }

    /** Writes the cache; a failure to write only costs the next run its speed. */
    public static void write(Path file, String key, Map<String, String> checksums) {
        if (key == null) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER).append(' ').append(key).append('\n');
        new TreeMap<>(checksums).forEach((identity, sum) -> text.append(identity).append(' ').append(sum).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the cache is an optimisation
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }
}
