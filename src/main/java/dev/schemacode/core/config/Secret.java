package dev.schemacode.core.config;

import java.util.Arrays;

/**
 * A password. Its {@link #toString()} never shows the value, so it cannot reach a log line, a
 * report or an exception message by accident; only {@link #reveal()} gives it, for the JDBC driver.
 */
public final class Secret {

    private static final Secret EMPTY = new Secret(new char[0]);

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** @return a secret holding {@code value}; {@code null} gives the empty secret */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value.toCharArray());
    }

    /** @return the empty password (MariaDB's root here, H2's sa) */
    public static Secret empty() {
        return EMPTY;
    }

    /** @return whether the password is empty */
    public boolean isEmpty() {
        return value.length == 0;
    }

    /** @return the password itself, only to hand to a JDBC driver */
    public String reveal() {
        return new String(value);
    }

    /** @return whether {@code text} contains the password (for masking); false for the empty one */
    public boolean occursIn(String text) {
        return value.length > 0 && text != null && text.contains(new String(value));
    }

    /** Replaces every occurrence of the password in {@code text} with {@code ****}. */
    public String mask(String text) {
        return occursIn(text) ? text.replace(new String(value), "****") : text;
    }

    @Override
    public String toString() {
        return value.length == 0 ? "(empty)" : "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
