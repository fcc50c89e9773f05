package dev.schemacode.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to read and how Liquibase should filter it: the settings shared by every goal.
 * Each value is {@code null} when not set; {@link SettingsResolver} fills gaps from a Spring
 * Boot configuration.
 *
 * @param changeLogFile the master changelog: a path relative to the project directory
 *     ({@code src/main/resources/db/changelog/master.xml}), a path relative to a resource
 *     directory ({@code db/changelog/master.xml}) or a {@code classpath:} location; {@code null}
 *     to use Spring Boot's default location
 * @param contexts Liquibase context filter expression, e.g. {@code "dev, test"}
 * @param labels Liquibase label filter expression, e.g. {@code "!slow"}
 * @param parameters changelog parameters ({@code ${name}} substitutions), in insertion order
 * @param defaultSchema the schema changes go to when they name none
 * @param targetDatabase Liquibase short name of the target's dialect ({@code postgresql},
 *     {@code mariadb}, …) used to evaluate {@code dbms} filters while validating; {@code null}
 *     means {@code h2}
 * @param changeLogOrigin where {@code changeLogFile} was set, for messages: {@code null} for the
 *     plugin configuration, else {@code path:line} of a Spring Boot configuration file
 */
public record ChangelogSettings(String changeLogFile, String contexts, String labels,
        Map<String, String> parameters, String defaultSchema, String targetDatabase, String changeLogOrigin) {

    /** Settings as written in the plugin configuration. */
    public ChangelogSettings(String changeLogFile, String contexts, String labels,
            Map<String, String> parameters, String defaultSchema, String targetDatabase) {
        this(changeLogFile, contexts, labels, parameters, defaultSchema, targetDatabase, null);
    }

    /** @return how to name the changelog setting in a message: the parameter, or the Spring Boot key and file. */
    public String changeLogSetting() {
        return changeLogOrigin == null ? "<changeLogFile> (-Dschema.changeLogFile)"
                : "spring.liquibase.change-log (" + changeLogOrigin + ")";
    }

    public ChangelogSettings {
        changeLogFile = blankToNull(changeLogFile);
        contexts = blankToNull(contexts);
        labels = blankToNull(labels);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        defaultSchema = blankToNull(defaultSchema);
        targetDatabase = blankToNull(targetDatabase);
    }

    /** Settings with only a changelog file; everything else unset. */
    public static ChangelogSettings of(String changeLogFile) {
        return new ChangelogSettings(changeLogFile, null, null, Map.of(), null, null);
    }

    /** @return a copy with the given contexts and labels. */
    public ChangelogSettings withFilters(String newContexts, String newLabels) {
        return new ChangelogSettings(changeLogFile, newContexts, newLabels, parameters, defaultSchema, targetDatabase,
                changeLogOrigin);
    }

    /** @return the dialect used for {@code dbms} filters while validating: the target's, else {@code h2}. */
    public String validationDialect() {
        return targetDatabase == null ? "h2" : targetDatabase;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * @param jdbcUrl a deploy URL, or {@code null}
     * @return Liquibase's short name of the dialect the URL points at ({@code postgresql},
     *     {@code mariadb}, {@code mysql}, {@code oracle}, {@code mssql}, {@code h2}, …), or
     *     {@code null} when there is no URL or the engine is not recognised
     */
    public static String dialectOfUrl(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.trim().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:")) {
            return null;
        }
        String scheme = jdbcUrl.trim().toLowerCase(java.util.Locale.ROOT).split(":")[1];
        return switch (scheme) {
            case "postgresql" -> "postgresql";
            case "mariadb" -> "mariadb";
            case "mysql" -> "mysql";
            case "oracle" -> "oracle";
            case "sqlserver" -> "mssql";
            case "h2" -> "h2";
            case "db2" -> "db2";
            case "sqlite" -> "sqlite";
            default -> null;
        };
    }
}
