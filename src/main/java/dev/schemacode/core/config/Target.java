package dev.schemacode.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database to deploy to.
 *
 * @param url the JDBC URL; may carry driver settings, never shown unmasked
 * @param username the user, or {@code null}
 * @param password the password (possibly empty)
 * @param driverProperties extra JDBC driver settings (SSL and the like)
 * @param connectTimeout how long to wait for a connection
 * @param changeLogTable the history table's name ({@code DATABASECHANGELOG} by default)
 * @param lockTable the lock table's name ({@code DATABASECHANGELOGLOCK} by default)
 * @param liquibaseSchema the schema of those two tables, or {@code null} for the default
 */
public record Target(String url, String username, Secret password, Map<String, String> driverProperties,
        Duration connectTimeout, String changeLogTable, String lockTable, String liquibaseSchema) {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");
    private static final Pattern DATABASE_NAME = Pattern.compile("^jdbc:[a-z0-9]+:(?://[^/]*/)?([^?;:/]+)");

    public Target {
        Objects.requireNonNull(url, "url");
        password = password == null ? Secret.empty() : password;
        driverProperties = driverProperties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        changeLogTable = blank(changeLogTable) ? "DATABASECHANGELOG" : changeLogTable.trim();
        lockTable = blank(lockTable) ? "DATABASECHANGELOGLOCK" : lockTable.trim();
        liquibaseSchema = blank(liquibaseSchema) ? null : liquibaseSchema.trim();
    }

    /** A target with default table names and timeout. */
    public static Target of(String url, String username, Secret password) {
        return new Target(url, username, password, Map.of(), null, null, null, null);
    }

    /**
     * @return the URL as it may be shown: {@code password=} parameters and user-info passwords
     *     masked, and the password itself masked wherever it occurs
     */
    public String maskedUrl() {
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1****");
        masked = URL_USERINFO.matcher(masked).replaceAll("$1****@");
        return mask(masked);
    }

    /** @return whether the URL itself carries a password (user-info or a password parameter) */
    public boolean urlCarriesPassword() {
        return !urlSecrets().isEmpty();
    }

    /**
     * Masks every secret this target knows in {@code text}: the password and any password written
     * in the URL ({@code user:secret@host}, {@code password=secret}, {@code ;password=secret}).
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = password.mask(text);
        for (String secret : urlSecrets()) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }

    private java.util.List<String> urlSecrets() {
        java.util.List<String> secrets = new java.util.ArrayList<>();
        Matcher param = Pattern.compile("(?i)(?:password|pwd)=([^&;]+)").matcher(url);
        while (param.find()) {
            secrets.add(param.group(1));
        }
        Matcher userInfo = Pattern.compile("//[^/:@]+:([^@/]+)@").matcher(url);
        if (userInfo.find()) {
            secrets.add(userInfo.group(1));
        }
        return secrets;
    }

    /** @return "as <user>" for messages, or nothing when no user is set */
    public String asUser() {
        return username == null ? "" : " as " + username;
    }

    /**
     * @return a short name for the database, for file names: the database part of the URL
     *     ({@code jdbc:postgresql://h/shop?x} gives {@code shop}; {@code jdbc:h2:file:./target/db}
     *     gives {@code db}), with characters other than letters, digits, {@code -} and {@code _}
     *     replaced by {@code _}
     */
    public String databaseName() {
        String path = url;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        String name;
        Matcher m = DATABASE_NAME.matcher(path);
        if (path.startsWith("jdbc:h2:")) {
            String rest = path.substring(path.lastIndexOf(':') + 1);
            name = rest.substring(rest.lastIndexOf('/') + 1);
        } else if (m.find()) {
            name = m.group(1);
        } else {
            name = "target";
        }
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public String toString() {
        return "Target[" + maskedUrl() + ", user " + username + "]";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
