package dev.schemacode.core.config;

import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the settings written in the POM with a Spring Boot application's
 * {@code spring.liquibase.*} settings: the POM wins where both are set. Logs, at detail level,
 * where each effective setting came from.
 */
public final class SettingsResolver {

    private SettingsResolver() {
    }

    /**
     * @param pom the settings from the plugin configuration (unset values are {@code null})
     * @param spring the application's configuration, possibly {@link SpringBootConfig#empty()}
     * @param log receives one detail line per effective setting and the warnings of {@code spring}
     * @return the effective settings
     * @throws SchemaFailure when a Spring Boot setting that would be used holds a placeholder the
     *     build cannot resolve
     */
    public static ChangelogSettings resolve(ChangelogSettings pom, SpringBootConfig spring, SchemaLog log)
            throws SchemaFailure {
        List<Problem> errors = new ArrayList<>();
        for (Problem p : spring.problems()) {
            if (p.severity() == dev.schemacode.core.problem.Severity.WARNING) {
                log.warn(p.format());
            }
        }
        String changeLog = pick("changeLogFile", pom.changeLogFile(), spring, "changelog", spring.problems(), errors, log);
        String contexts = pick("contexts", pom.contexts(), spring, "contexts", spring.problems(), errors, log);
        String labelSource = spring.get("labelfilter") != null ? "labelfilter" : "labels";
        String labels = pick("labels", pom.labels(), spring, labelSource, spring.problems(), errors, log);
        String schema = pick("defaultSchemaName", pom.defaultSchema(), spring, "defaultschema", spring.problems(), errors, log);

        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, SpringBootConfig.Setting> e : spring.parameters().entrySet()) {
            if (pom.parameters().containsKey(e.getKey())) {
                continue;
            }
            if (e.getValue().unresolved() != null) {
                addErrorsFor(e.getValue(), spring.problems(), errors);
                continue;
            }
            parameters.put(e.getKey(), e.getValue().value());
            log.detail("changeLogParameters." + e.getKey() + " = " + e.getValue().value() + " (from " + e.getValue().origin() + ")");
        }
        for (Map.Entry<String, String> e : pom.parameters().entrySet()) {
            parameters.put(e.getKey(), e.getValue());
            log.detail("changeLogParameters." + e.getKey() + " = " + e.getValue() + " (from the plugin configuration or -D)");
        }
        if (!errors.isEmpty()) {
            throw new SchemaFailure(errors.size() == 1 ? errors.get(0).format()
                    : errors.size() + " Spring Boot settings cannot be resolved", errors, null);
        }
        String origin = pom.changeLogFile() == null && changeLog != null ? spring.get("changelog").origin() : pom.changeLogOrigin();
        return new ChangelogSettings(changeLog, contexts, labels, parameters, schema, pom.targetDatabase(), origin);
    }

    private static String pick(String name, String pomValue, SpringBootConfig spring, String key,
            List<Problem> springProblems, List<Problem> errors, SchemaLog log) {
        if (pomValue != null) {
            log.detail(name + " = " + pomValue + " (from the plugin configuration or -D)");
            return pomValue;
        }
        SpringBootConfig.Setting setting = spring.get(key);
        if (setting == null) {
            log.detail(name + " not set (neither in the POM nor in spring.liquibase.*)");
            return null;
        }
        if (setting.unresolved() != null) {
            addErrorsFor(setting, springProblems, errors);
            return null;
        }
        log.detail(name + " = " + setting.value() + " (from " + setting.origin() + ")");
        return setting.value();
    }

    private static void addErrorsFor(SpringBootConfig.Setting setting, List<Problem> springProblems, List<Problem> errors) {
        for (Problem p : springProblems) {
            if (p.code().equals("spring-placeholder") && setting.origin().equals(p.location().path() + ":" + p.location().line())) {
                errors.add(p);
            }
        }
    }
}
