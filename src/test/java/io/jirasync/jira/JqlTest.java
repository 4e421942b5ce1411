package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class JqlTest {

    @Test
    void quotesPlainValues() {
        assertEquals("\"OPS\"", Jql.quote("OPS"));
    }

    @Test
    void escapesQuotesAndBackslashesSoTheValueCannotEndEarly() {
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", Jql.quote("say \"hi\" \\o/"));
        assertEquals("\"\\\" OR project = SECRET OR summary ~ \\\"\"",
                Jql.quote("\" OR project = SECRET OR summary ~ \""));
    }

    @Test
    void reservedWordsAndCharactersStayLiteral() {
        assertEquals("\"AND\"", Jql.quote("AND"));
        assertEquals("\"EMPTY\"", Jql.quote("EMPTY"));
        assertEquals("\"a=b & c|(d)\"", Jql.quote("a=b & c|(d)"));
    }

    @Test
    void lineBreaksAndTabsAreEscapedOtherControlCharactersDropped() {
        assertEquals("\"a\\nb\\tc d\"", Jql.quote("a\nb\tc\u0007d"));
    }

    @Test
    void listsForIn() {
        assertEquals("(\"OPS-1\", \"x\\\"y\")", Jql.quoteAll(List.of("OPS-1", "x\"y")));
        assertThrows(IllegalArgumentException.class, () -> Jql.quoteAll(List.of()));
    }
}
