package dev.schemacode.core.liquibase;

import dev.schemacode.core.log.SchemaLog;
import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;

/**
 * Sends Liquibase's own log to a {@link SchemaLog} at detail level, so it shows only with
 * {@code -X}. Installed per execution through {@code Scope.Attr.logService}, never globally.
 */
final class SchemaLogService extends AbstractLogService {

    private final SchemaLog log;

    SchemaLogService(SchemaLog log) {
        this.log = log;
    }

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public Logger getLog(Class clazz) {
        return new AbstractLogger() {
            @Override
            public void log(Level level, String message, Throwable e) {
                if (!log.isDetailEnabled() || message == null) {
                    return;
                }
                String line = "[liquibase] " + message;
                if (e != null) {
                    log.detail(line, e);
                } else {
                    log.detail(line);
                }
            }
        };
    }
}
