package dev.schemacode.core.engine;

import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.log.SchemaLog;
import java.nio.file.Path;

/**
 * A separate JVM standing in for a Maven build that is killed while its embedded PostgreSQL runs:
 * starts the server under the build directory given as argument, prints {@code READY}, then waits
 * to be killed.
 */
public final class EngineChild {

    private EngineChild() {
    }

    public static void main(String[] args) throws Exception {
        SelfTestConfig config = new SelfTestConfig(RollbackTest.AUTO, null, EngineKind.POSTGRESQL, null, null, null);
        ScratchDatabase db = Engines.open(config, new Engines.Context(Path.of(args[0]), null, new ClasspathArtifacts(),
                EngineChild.class.getClassLoader(), SchemaLog.silent()));
        System.out.println("READY " + ((EmbeddedServer) db).pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
