package dev.schemacode.core.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" picks the name the user most likely meant, or none. */
class SuggestionsTest {

    private static final List<String> DATABASES = List.of("mariadb", "mssql", "mysql", "oracle", "postgresql");

    @Test
    void theNearestNameWinsNotTheFirstNearEnough() {
        assertEquals("mysql", Suggestions.closest("mysq", DATABASES)); // mssql is two edits away, mysql one
        assertEquals("postgresql", Suggestions.closest("Postgress", DATABASES));
    }

    @Test
    void aShortFormOrALongerNameIsRecognised() {
        assertEquals("postgresql", Suggestions.closest("postgres", DATABASES));
        assertEquals("mariadb", Suggestions.closest("maria", DATABASES));
        assertEquals("mysql", Suggestions.closest("mysql8", DATABASES));
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertNull(Suggestions.closest("sqlserver2019", DATABASES));
        assertNull(Suggestions.closest("my", DATABASES));
        assertNull(Suggestions.closest(" ", DATABASES));
    }
}
