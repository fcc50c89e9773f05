package dev.schemacode.realworld;

import dev.schemacode.RealDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real-world corpus beside the checkout ({@code ../shared/realworld/}, read-only: copy a case
 * before anything writes) and its master changelogs, as {@code realworld-expectations.tsv} names them.
 */
public final class Corpus {

    /** The corpus folder. */
    public static final Path PATH = Path.of("..", "shared", "realworld").toAbsolutePath().normalize();

    /** One case: its folder under {@link #PATH} and its master changelog, relative to that folder. */
    public record Case(String dir, String master) {
        /** @return the case's folder */
        public Path path() {
            return PATH.resolve(dir);
        }
    }

    private Corpus() {
    }

    /**
     * @return every case of the expectations file once, in its order
     * @throws IOException when the expectations file cannot be read; skips (fails under CI=true)
     *     when the corpus is not there
     */
    public static List<Case> cases() throws IOException {
        RealDatabases.require(Files.isDirectory(PATH), "the real-world corpus " + PATH + " is not there");
        return RealWorldCorpusTest.expectations().stream().map(e -> new Case(e.caseDir(), e.master())).distinct().toList();
    }
}
