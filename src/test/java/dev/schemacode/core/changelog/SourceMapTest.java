package dev.schemacode.core.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SourceMapTest {

    @Test
    void lineCountsEveryKindOfLineBreakOnce() {
        String text = "one\r\ntwo\rthree\nfour ${x}";
        assertEquals(1, SourceMap.lineAt(text, 0));
        assertEquals(2, SourceMap.lineAt(text, text.indexOf("two")));
        assertEquals(3, SourceMap.lineAt(text, text.indexOf("three")));
        assertEquals(4, SourceMap.lineAt(text, text.indexOf("${")));
    }
}
