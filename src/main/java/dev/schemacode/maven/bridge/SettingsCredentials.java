package dev.schemacode.maven.bridge;

import dev.schemacode.core.config.Secret;
import dev.schemacode.core.problem.Location;
import dev.schemacode.core.problem.Problem;
import dev.schemacode.core.problem.SchemaFailure;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Credentials of a {@code <server>} in {@code settings.xml}, its password decrypted the Maven way
 * ({@code settings-security.xml}, https://maven.apache.org/guides/mini/guide-encryption.html).
 */
public final class SettingsCredentials {

    /**
     * The username and password of a server entry.
     *
     * @param username the server's {@code <username>}, or {@code null}
     * @param password its decrypted {@code <password>}
     */
    public record Credentials(String username, Secret password) { }

    private SettingsCredentials() {
    }

    /**
     * @param serverId the {@code <server><id>}
     * @throws SchemaFailure when {@code settings.xml} defines no such server (never falls back to
     *     anything else), or its password cannot be decrypted
     */
    public static Credentials lookup(Settings settings, SettingsDecrypter decrypter, String serverId) throws SchemaFailure {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            java.util.List<String> known = settings == null ? java.util.List.of()
                    : settings.getServers().stream().map(Server::getId).sorted().toList();
            String close = known.stream().filter(id -> id.equalsIgnoreCase(serverId)).findFirst().orElse(null);
            throw new SchemaFailure(Problem.error("server", Location.NONE, "settings.xml has no <server> with id '" + serverId + "'"
                    + (close != null ? " (ids are case-sensitive: did you mean '" + close + "'?)" : "")
                    + "; it defines " + (known.isEmpty() ? "no servers" : String.join(", ", known))
                    + "; add one with <username> and <password> (encrypted with mvn --encrypt-password), or fix <server>"));
        }
        Server decrypted = server;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() == SettingsProblem.Severity.ERROR || problem.getSeverity() == SettingsProblem.Severity.FATAL) {
                    throw new SchemaFailure(Problem.error("server", Location.NONE, "cannot decrypt the password of <server> '"
                            + serverId + "' in settings.xml: " + problem.getMessage()
                            + "; check ~/.m2/settings-security.xml (mvn --encrypt-master-password)"));
                }
            }
            decrypted = result.getServer();
        }
        return new Credentials(decrypted.getUsername(), Secret.of(decrypted.getPassword()));
    }
}
