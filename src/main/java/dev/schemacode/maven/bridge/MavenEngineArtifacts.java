package dev.schemacode.maven.bridge;

import dev.schemacode.core.engine.EngineArtifacts;
import dev.schemacode.core.log.SchemaLog;
import dev.schemacode.core.problem.SchemaError;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.LocalArtifactRequest;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves engine binaries and drivers through the running Maven's resolver, with the project's
 * remote repositories: settings.xml mirrors, proxies, authentication and offline mode apply, and
 * what is downloaded stays in the local repository for the next build.
 */
public final class MavenEngineArtifacts implements EngineArtifacts {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final SchemaLog log;

    /**
     * @param system Maven's resolver
     * @param session the build's resolver session
     * @param repositories the project's remote repositories
     * @param log receives one line when a download starts
     */
    public MavenEngineArtifacts(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories,
            SchemaLog log) {
        this.system = system;
        this.session = session;
        this.repositories = repositories == null ? List.of() : List.copyOf(repositories);
        this.log = log;
    }

    @Override
    public Path resolve(String groupId, String artifactId, String version) throws SchemaError {
        DefaultArtifact artifact = new DefaultArtifact(groupId, artifactId, "jar", version);
        String coordinates = groupId + ":" + artifactId + ":" + version;
        boolean local = session.getLocalRepositoryManager().find(session, new LocalArtifactRequest(artifact, repositories, null)).isAvailable();
        if (!local && !session.isOffline()) {
            log.summary("downloading " + coordinates + " into the local repository (once)");
        }
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null)).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            String why = session.isOffline()
                    ? "the build is offline (-o) and it is not in the local repository yet: run one build online"
                    : "check the network, or a mirror in settings.xml that lacks it";
            throw new SchemaError("cannot resolve " + coordinates + ": " + why + " (" + e.getMessage() + ")", e);
        }
    }
}
