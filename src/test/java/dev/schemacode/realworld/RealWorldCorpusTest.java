package dev.schemacode.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemacode.RealDatabases;
import dev.schemacode.core.Schemacode;
import dev.schemacode.core.TestFiles.RecordingLog;
import dev.schemacode.core.config.ChangelogSettings;
import dev.schemacode.core.config.ProjectLayout;
import dev.schemacode.core.config.RollbackTest;
import dev.schemacode.core.config.SelfTestConfig;
import dev.schemacode.core.engine.ClasspathArtifacts;
import dev.schemacode.core.engine.EngineKind;
import dev.schemacode.core.problem.SchemaFailure;
import dev.schemacode.core.problem.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs validate and the self-test over every case of {@code ../shared/realworld/} (public projects'
 * changelogs) and checks the outcome against {@code realworld-expectations.tsv}: where stock
 * Liquibase's update passes on H2, the self-test passes and reports its rollback coverage; where
 * it fails, Schemacode fails with one line naming the file, the changeset and the reason.
 */
class RealWorldCorpusTest {

    static final Path CORPUS = Corpus.PATH;

    @TempDir
    Path project;

    /**
     * @param engine {@code null} for H2, else the embedded engine the self-test runs on
     *     ({@code pass@postgresql} in the file)
     */
    record Expectation(String caseDir, String master, String validate, boolean passes, String engine, String text) { }

    static List<Expectation> expectations() throws IOException {
        List<Expectation> out = new ArrayList<>();
        try (InputStream in = RealWorldCorpusTest.class.getResourceAsStream("/realworld-expectations.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                String engine = f[3].contains("@") ? f[3].substring(f[3].indexOf('@') + 1) : null;
                out.add(new Expectation(f[0], f[1], f[2], f[3].startsWith("pass"), engine, f[4]));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> eachCaseBehavesAsExpected() throws IOException {
        return expectations().stream().map(e -> DynamicTest.dynamicTest(e.caseDir() + ": " + e.text(), () -> {
            RealDatabases.require(Files.isDirectory(CORPUS), "the real-world corpus " + CORPUS + " is not there");
            RealDatabases.require(Files.isDirectory(CORPUS.resolve(e.caseDir())),
                    "real-world corpus case " + CORPUS.resolve(e.caseDir()) + " is not there");
            ProjectLayout layout = ProjectLayout.standard(project).withSearchPath(List.of(CORPUS.resolve(e.caseDir())));
            RecordingLog log = new RecordingLog();
            Schemacode core = new Schemacode(layout, log, false);
            ChangelogSettings settings = ChangelogSettings.of(e.master());
            if (e.validate().startsWith("fail:")) {
                SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core.validate(settings));
                String expected = e.validate().substring("fail:".length());
                assertTrue(failure.problems().stream().anyMatch(p -> p.format().contains(expected)),
                        failure.problems().toString());
                log.lines.clear();
            } else if (e.validate().startsWith("pass@")) {
                String target = e.validate().substring("pass@".length());
                core.validate(new ChangelogSettings(e.master(), null, null, java.util.Map.of(), null, target));
            } else {
                core.validate(settings);
            }
            if (e.engine() != null) {
                ClasspathArtifacts.requireBinaries();
                // as root, PostgreSQL runs as nobody, which must reach target/ (JUnit makes temp dirs 0700)
                Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                SelfTestConfig config = new SelfTestConfig(RollbackTest.AUTO, null, EngineKind.byName(e.engine()), null, null, null);
                core.selfTest(settings, config, new ClasspathArtifacts(), null);
                String summary = log.at("INFO").get(log.at("INFO").size() - 1);
                assertTrue(summary.contains(e.text()), summary);
            } else if (e.passes()) {
                core.selfTest(settings, SelfTestConfig.defaults());
                String summary = log.at("INFO").get(log.at("INFO").size() - 1);
                assertTrue(summary.contains(e.text()), summary);
            } else {
                SchemaFailure failure = assertThrows(SchemaFailure.class, () -> core.selfTest(settings, SelfTestConfig.defaults()));
                assertEquals(1, failure.problems().stream().filter(p -> p.severity() == Severity.ERROR).count());
                assertTrue(failure.getMessage().contains(e.text()), failure.getMessage());
                assertTrue(!failure.getMessage().contains("\n"), "one line: " + failure.getMessage());
            }
        }));
    }

    /**
     * The risk rules on real changelogs: without a lock every finding is a warning (adopting the
     * plugin never breaks a build); with a baseline recorded by schema:lock, nothing released is
     * judged, so validate passes. Each case is copied first: the corpus is read-only and the lock is
     * written beside the master changelog.
     */
    @TestFactory
    Stream<DynamicTest> riskRulesWarnWithoutALockAndPassWithABaseline() throws IOException {
        // judged for PostgreSQL, where stock Liquibase's update passes for every case but hyades (see MANIFEST.md)
        return expectations().stream().map(e -> e.caseDir() + "\t" + e.master()).distinct().map(line -> {
            String[] f = line.split("\t");
            return DynamicTest.dynamicTest(f[0], () -> {
                RealDatabases.require(Files.isDirectory(CORPUS), "the real-world corpus " + CORPUS + " is not there");
                RealDatabases.require(Files.isDirectory(CORPUS.resolve(f[0])), "real-world corpus case " + CORPUS.resolve(f[0]) + " is not there");
                Path copy = project.resolve("corpus").resolve(f[0]);
                copyTree(CORPUS.resolve(f[0]), copy);
                String target = "postgresql";
                ProjectLayout layout = ProjectLayout.standard(project).withSearchPath(List.of(copy));
                ChangelogSettings settings = new ChangelogSettings(f[1], null, null, java.util.Map.of(), null, target);
                RecordingLog log = new RecordingLog();
                Schemacode core = new Schemacode(layout, log, false);
                Schemacode.ValidateResult before = core.validate(settings, dev.schemacode.core.lint.LintConfig.defaults());
                assertEquals(0, before.lint().count(dev.schemacode.core.lint.RuleLevel.ERROR), "errors without a lock");
                assertTrue(before.lint().findings().stream().allMatch(x -> x.level() == dev.schemacode.core.lint.RuleLevel.WARN),
                        "without a lock every finding is a warning");
                core.lock(settings, java.util.Set.of());
                Schemacode.ValidateResult after = core.validate(settings, dev.schemacode.core.lint.LintConfig.defaults());
                assertTrue(after.lint().findings().stream().allMatch(dev.schemacode.core.lint.Finding::released),
                        "with a baseline, nothing is judged: " + after.lint().findings().stream().filter(x -> !x.released()).toList());
                assertEquals(before.lint().findings().size(), after.lint().findings().size(), "the reports keep every finding");
            });
        });
    }

    /**
     * spinnaker-orca uses modifySql: validating a changeset changes its SQL visitors while it runs,
     * and a checksum taken meanwhile is wrong. The lock check compares a changeset before its
     * validation starts or after it ends; when it followed the validation without waiting, this
     * check failed in 25 of 40 runs.
     */
    @Test
    void theLockCheckNeverRacesTheValidation() throws Exception {
        RealDatabases.require(Files.isDirectory(CORPUS), "the real-world corpus " + CORPUS + " is not there");
        RealDatabases.require(Files.isDirectory(CORPUS.resolve("spinnaker-orca")), "real-world corpus case spinnaker-orca is not there");
        Path copy = project.resolve("race");
        copyTree(CORPUS.resolve("spinnaker-orca"), copy);
        ProjectLayout layout = ProjectLayout.standard(project).withSearchPath(List.of(copy));
        ChangelogSettings settings = new ChangelogSettings("db/changelog-master.yml", null, null, java.util.Map.of(), null, "postgresql");
        Schemacode core = new Schemacode(layout, new RecordingLog(), false);
        core.lock(settings, java.util.Set.of());
        for (int i = 0; i < 20; i++) {
            core.validate(settings, dev.schemacode.core.TestFiles.noRules());
        }
        // The same under an XML master, whose changesets are validated while the parse goes on.
        Files.writeString(copy.resolve("db/wrapper.xml"), dev.schemacode.core.TestFiles.xml("<include file=\"db/changelog-master.yml\"/>"));
        ChangelogSettings wrapped = new ChangelogSettings("db/wrapper.xml", null, null, java.util.Map.of(), null, "postgresql");
        core.lock(wrapped, java.util.Set.of());
        for (int i = 0; i < 20; i++) {
            core.validate(wrapped, dev.schemacode.core.TestFiles.noRules());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void everyCaseInTheCorpusHasAnExpectation() throws IOException {
        RealDatabases.require(Files.isDirectory(CORPUS), "the real-world corpus " + CORPUS + " is not there");
        TreeSet<String> cases = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            dirs.filter(Files::isDirectory).forEach(d -> cases.add(d.getFileName().toString()));
        }
        TreeSet<String> covered = new TreeSet<>();
        expectations().forEach(e -> covered.add(e.caseDir()));
        assertEquals(cases, covered, "add a line to realworld-expectations.tsv for each new case");
    }
}
