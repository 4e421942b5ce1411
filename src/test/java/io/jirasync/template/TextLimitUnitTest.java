package io.jirasync.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class TextLimitUnitTest {

    private static final TextLimit.Measure PLAIN = TextLimit.Measure.PLAIN;

    @Test
    void aTextWithinTheLimitIsSentAsItIs() {
        String text = "x".repeat(TextLimit.TEXT);
        TextLimit.Fit fit = TextLimit.fit(text, TextLimit.TEXT, PLAIN);
        assertSame(text, fit.text());
        assertFalse(fit.cut());
        assertEquals(TextLimit.TEXT, fit.length());
    }

    @Test
    void aLongerTextIsCutAtAWordAndEndsWithTheNoteWithinTheLimit() {
        String text = "word ".repeat(8_024);
        TextLimit.Fit fit = TextLimit.fit(text, TextLimit.TEXT, PLAIN);
        assertTrue(fit.cut());
        assertEquals(40_120, fit.length());
        assertTrue(fit.text().length() <= TextLimit.TEXT, fit.text().length() + " characters");
        assertTrue(fit.text().endsWith("word … [cut by jira-sync: 40,120 characters, Jira keeps 32,767]"),
                fit.text().substring(fit.text().length() - 80));
        assertTrue(fit.text().length() > TextLimit.TEXT - 80, "cut more than needed: " + fit.text().length());
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        // U+1F600 is two Java characters, counted as two by Jira: a cut between them would send half an emoji.
        String text = "\uD83D\uDE00".repeat(200);
        TextLimit.Fit fit = TextLimit.fit(text, 255, PLAIN);
        String kept = fit.text().substring(0, fit.text().indexOf(" … [cut by jira-sync"));
        assertEquals(0, kept.length() % 2, "half an emoji kept");
        assertTrue(kept.codePoints().allMatch(c -> c == 0x1F600), "a lone surrogate remains");
        assertTrue(fit.text().length() <= 255);
        assertTrue(fit.text().endsWith("… [cut by jira-sync: 400 characters, Jira keeps 255]"), fit.text());
        assertEquals("ab", TextLimit.prefix("ab\uD83D\uDE00", 3));
    }

    @Test
    void theMeasureCountsWhatJiraCountsAndTheCutKeepsWithinIt() {
        // A rendering that doubles every character (like escaping each one) must still fit, not only the plain text.
        TextLimit.Measure doubled = new TextLimit.Measure(text -> 2 * text.length(), UnaryOperator.identity(), "\n\n");
        TextLimit.Fit fit = TextLimit.fit("ab ".repeat(20_000), TextLimit.TEXT, doubled);
        assertEquals(120_000, fit.length());
        assertTrue(2 * fit.text().length() <= TextLimit.TEXT, "rendered: " + 2 * fit.text().length());
        assertTrue(fit.text().length() > 16_000, "cut far more than needed: " + fit.text().length());
        assertTrue(fit.text().endsWith("\n\n… [cut by jira-sync: 120,000 characters, Jira keeps 32,767]"));
    }

    @Test
    void textFieldsAreCutToTheirFieldsLimitWithAWarningAndTheCut() {
        FieldShaper shaper = new FieldShaper();
        TextLimit.Measure paragraphs = new TextLimit.Measure(String::length, UnaryOperator.identity(), "\n\n");
        FieldShaper.Target target = new FieldShaper.Target(true, text -> Map.of("adf", text), paragraphs);
        FieldSchema line = FieldSchema.of("customfield_10016", "Fingerprint", "string", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:textfield");
        ShapedValue shaped = shaper.shape(line, "a ".repeat(500), target);
        assertTrue(((String) shaped.value()).length() <= 255);
        assertTrue(((String) shaped.value()).endsWith("… [cut by jira-sync: 999 characters, Jira keeps 255]"));
        assertEquals(List.of("Field 'Fingerprint' (customfield_10016) is 999 characters, over Jira's limit of 255:"
                + " it is cut to fit, with a note at its end"), shaped.warnings());
        assertEquals(List.of(new TextLimit.Cut("customfield_10016", 999, 255)), shaped.cuts());

        FieldSchema area = FieldSchema.of("customfield_10012", "Error details", "string", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:textarea");
        ShapedValue rich = shaper.shape(area, "b ".repeat(20_000), target);
        String sent = (String) ((Map<?, ?>) rich.value()).get("adf");
        assertTrue(sent.length() <= TextLimit.TEXT);
        assertTrue(sent.endsWith("\n\n… [cut by jira-sync: 39,999 characters, Jira keeps 32,767]"));
        assertEquals(List.of(new TextLimit.Cut("customfield_10012", 39_999, TextLimit.TEXT)), rich.cuts());

        assertEquals(List.of(), shaper.shape(area, "short", target).cuts());
    }

    @Test
    void theSummaryIsCutAt255WithAnEllipsisAsBefore() {
        FieldShaper shaper = new FieldShaper();
        FieldShaper.Target target = new FieldShaper.Target(true, text -> text, PLAIN);
        FieldSchema summary = FieldSchema.of("summary", "Summary", "string", null, "summary", null);
        ShapedValue shaped = shaper.shape(summary, "s".repeat(300), target);
        assertEquals("s".repeat(254) + "…", shaped.value());
        assertEquals(List.of(new TextLimit.Cut("summary", 300, 255)), shaped.cuts());
        assertEquals("s".repeat(255), shaper.shape(summary, "s".repeat(255), target).value());
    }
}
