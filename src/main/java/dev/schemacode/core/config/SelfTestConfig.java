package dev.schemacode.core.config;

import java.util.Objects;
import java.util.Set;

/**
 * How to run the self-test.
 *
 * @param rollbackTest how much to roll back
 * @param h2Mode H2 compatibility mode ({@code MODE=} in H2's URL, see
 *     https://h2database.com/html/features.html#compatibility), or {@code null} for plain H2
 */
public record SelfTestConfig(RollbackTest rollbackTest, String h2Mode) {

    /** H2 2.x's compatibility modes, as spelled in its documentation. */
    public static final Set<String> H2_MODES = Set.of("REGULAR", "STRICT", "LEGACY", "DB2", "Derby", "HSQLDB",
            "MSSQLServer", "MariaDB", "MySQL", "Oracle", "PostgreSQL");

    /** @throws IllegalArgumentException for an unknown {@code h2Mode}, listing the known ones */
    public SelfTestConfig {
        Objects.requireNonNull(rollbackTest, "rollbackTest");
        if (h2Mode != null && h2Mode.isBlank()) {
            h2Mode = null;
        }
        if (h2Mode != null) {
            String given = h2Mode.trim();
            h2Mode = H2_MODES.stream().filter(m -> m.equalsIgnoreCase(given)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("h2Mode '" + given + "' is not an H2 compatibility mode; use one of "
                            + String.join(", ", H2_MODES.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList())));
        }
    }

    /** The default: {@code rollbackTest=auto}, plain H2. */
    public static SelfTestConfig defaults() {
        return new SelfTestConfig(RollbackTest.AUTO, null);
    }

    /** @return how the engine is named in messages: {@code H2} or {@code H2 (PostgreSQL mode)}. */
    public String engineName() {
        return h2Mode == null ? "H2" : "H2 (" + h2Mode + " mode)";
    }
}
