package dev.schemacode.core.config;

import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.util.Objects;
import java.util.Set;

/**
 * How to run the self-test.
 *
 * @param rollbackTest how much to roll back
 * @param h2Mode H2 compatibility mode ({@code MODE=} in H2's URL, see
 *     https://h2database.com/html/features.html#compatibility), or {@code null} for plain H2
 * @param engine the engine to run on; ignored when {@code scratch} is set
 * @param engineVersion the embedded engine's version line ({@code 16}, {@code 11.4}) or full
 *     version, or {@code null} for the default
 * @param scratch an external scratch database ({@code selftestUrl}), or {@code null}
 * @param productionEngine the engine the changelog is deployed to, when known (from
 *     {@code targetDatabase} or the deploy URL), for hints; may be {@code null}
 */
public record SelfTestConfig(RollbackTest rollbackTest, String h2Mode, EngineKind engine, String engineVersion,
        Target scratch, EngineKind productionEngine) {

    /** H2 2.x's compatibility modes, as spelled in its documentation. */
    public static final Set<String> H2_MODES = Set.of("REGULAR", "STRICT", "LEGACY", "DB2", "Derby", "HSQLDB",
            "MSSQLServer", "MariaDB", "MySQL", "Oracle", "PostgreSQL");

    /** @throws IllegalArgumentException for an unknown {@code h2Mode}, listing the known ones */
    public SelfTestConfig {
        Objects.requireNonNull(rollbackTest, "rollbackTest");
        engine = engine == null ? EngineKind.H2 : engine;
        if (h2Mode != null && h2Mode.isBlank()) {
            h2Mode = null;
        }
        if (engineVersion != null && engineVersion.isBlank()) {
            engineVersion = null;
        }
        if (h2Mode != null) {
            String given = h2Mode.trim();
            h2Mode = H2_MODES.stream().filter(m -> m.equalsIgnoreCase(given)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("h2Mode '" + given + "' is not an H2 compatibility mode; use one of "
                            + String.join(", ", H2_MODES.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList())));
        }
    }

    /** On H2 (plain or in a compatibility mode). */
    public SelfTestConfig(RollbackTest rollbackTest, String h2Mode) {
        this(rollbackTest, h2Mode, EngineKind.H2, null, null, null);
    }

    /** The default: {@code rollbackTest=auto}, plain H2. */
    public static SelfTestConfig defaults() {
        return new SelfTestConfig(RollbackTest.AUTO, null);
    }

    /**
     * Reads {@code selftestEngine}.
     *
     * @param requested {@code h2}, {@code postgresql}, {@code mariadb} or {@code target}; {@code null} means h2
     * @param targetUrl the deploy target's URL from the plugin configuration, or {@code null}
     * @param targetDatabase the {@code targetDatabase} setting, or {@code null}
     * @return the engine to self-test on
     * @throws SchemaFailure for an unknown name, or {@code target} when the URL or
     *     {@code targetDatabase} names an engine the self-test cannot start (without either, the
     *     target is {@code targetDatabase}'s default, h2)
     */
    public static EngineKind engine(String requested, String targetUrl, String targetDatabase) throws SchemaFailure {
        if (requested == null || requested.isBlank()) {
            return EngineKind.H2;
        }
        if (requested.trim().equalsIgnoreCase("target")) {
            boolean hasUrl = targetUrl != null && !targetUrl.isBlank();
            boolean hasDatabase = targetDatabase != null && !targetDatabase.isBlank();
            if (!hasUrl && !hasDatabase) {
                return EngineKind.H2; // targetDatabase defaults to h2
            }
            EngineKind kind = production(targetUrl, targetDatabase);
            if (kind == null) {
                String what = hasUrl ? "the target " + Target.of(targetUrl, null, null).maskedUrl() : "targetDatabase " + targetDatabase;
                throw new SchemaFailure(Problem.error("config", Location.NONE, "selftestEngine=target, but the self-test cannot start "
                        + what + " (it starts h2, postgresql and mariadb/mysql); set selftestEngine explicitly, or self-test on a"
                        + " scratch database (<selftestUrl>)"));
            }
            return kind;
        }
        EngineKind kind = EngineKind.byName(requested);
        if (kind == null) {
            throw new SchemaFailure(Problem.error("config", Location.NONE, "selftestEngine '" + requested.trim()
                    + "' is not known; use h2, postgresql, mariadb or target"));
        }
        return kind;
    }

    /** @return the engine the deploy URL or {@code targetDatabase} names, or {@code null} */
    public static EngineKind production(String targetUrl, String targetDatabase) {
        EngineKind fromUrl = EngineKind.byName(ChangelogSettings.dialectOfUrl(targetUrl));
        return fromUrl != null ? fromUrl : EngineKind.byName(targetDatabase);
    }

    /** @return how the engine is named before it runs: {@code H2}, {@code H2 (PostgreSQL mode)}, {@code PostgreSQL} */
    public String engineName() {
        if (scratch != null) {
            return "scratch database " + scratch.maskedUrl();
        }
        if (engine == EngineKind.H2) {
            return h2Mode == null ? "H2" : "H2 (" + h2Mode + " mode)";
        }
        return engine.displayName() + (engineVersion == null ? "" : " " + engineVersion);
    }

    /** @return where the self-test runs, for the goal's header line, e.g. {@code a private in-memory H2} */
    public String where() {
        if (scratch != null) {
            return "the " + engineName();
        }
        return engine == EngineKind.H2 ? "a private in-memory " + engineName() : "an embedded " + engineName();
    }
}
