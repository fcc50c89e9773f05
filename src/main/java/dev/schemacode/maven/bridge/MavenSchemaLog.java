package dev.schemacode.maven.bridge;

import dev.schemacode.core.log.SchemaLog;
import org.apache.maven.plugin.logging.Log;

/** Adapts Maven's {@link Log}: summary lines at info, detail at debug ({@code -X}). */
public final class MavenSchemaLog implements SchemaLog {

    private final Log log;

    /** @param log the Mojo's log */
    public MavenSchemaLog(Log log) {
        this.log = log;
    }

    @Override
    public void error(String line) {
        log.error(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void summary(String line) {
        log.info(line);
    }

    @Override
    public void detail(String line) {
        log.debug(line);
    }

    @Override
    public void detail(String line, Throwable cause) {
        log.debug(line, cause);
    }

    @Override
    public boolean isDetailEnabled() {
        return log.isDebugEnabled();
    }
}
