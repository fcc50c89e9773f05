package dev.schemacode.core.lint;

import java.util.Locale;

/** How a rule's findings count: {@code error} fails the build, {@code warn} is logged, {@code off} is not checked. */
public enum RuleLevel {
    ERROR, WARN, OFF;

    /**
     * @param text {@code error}, {@code warn} (or {@code warning}) or {@code off}, any case
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    public static RuleLevel parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "error" -> ERROR;
            case "warn", "warning" -> WARN;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException("'" + text + "' is not a rule level; use error, warn or off");
        };
    }

    /** @return the level as written in the POM and the reports: {@code error}, {@code warn}, {@code off} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
