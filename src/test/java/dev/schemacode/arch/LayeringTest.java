package dev.schemacode.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the core free of Maven types and of static mutable state. */
class LayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void onlyTheMavenPackageImportsMaven() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            String rel = MAIN.relativize(file).toString().replace('\\', '/');
            if (rel.startsWith("dev/schemacode/maven/")) {
                continue;
            }
            if (Files.readString(file).contains("import org.apache.maven.")) {
                offenders.add(rel);
            }
        }
        assertEquals(List.of(), offenders, "core classes must not import org.apache.maven.*");
    }

    @Test
    void noStaticFieldIsMutable() throws IOException {
        Pattern staticField = Pattern.compile("^\\s*(private|public|protected)?\\s*static\\s+(?!final)(?!class|record|enum|interface|<|\\w+\\s*\\()[\\w<>, ?\\[\\]]+\\s+\\w+\\s*(=|;)",
                Pattern.MULTILINE);
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            if (staticField.matcher(Files.readString(file)).find()) {
                offenders.add(file.toString());
            }
        }
        assertEquals(List.of(), offenders, "static fields must be final (executions run in parallel threads)");
    }
}
