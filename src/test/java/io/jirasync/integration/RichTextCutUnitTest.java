package io.jirasync.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.jira.JiraSite;
import io.jirasync.jira.RichText;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.TextLimit;

/** Rich text over Jira's limit, cut the way a ticket's description and a comment are: valid, within, with the note. */
class RichTextCutUnitTest {

    private static final JiraSite V3 = JiraSite.cloud("https://acme.atlassian.net", "bot@acme.com", "t");
    private static final JiraSite V2 = new JiraSite(V3.url(), JiraSite.Deployment.SERVER, 2,
            JiraSite.AuthType.BEARER, null, "pat");

    // A stack trace in a code block, cut in its middle, then text and a link after it.
    private static final String TRACE = "Trace of *Cart*:\n```\n" + "at com.example.Frame.call(Frame.java:1) [x]\n"
            .repeat(1_000) + "```\nSee https://tracker.example.com/e/1";

    private static TextLimit.Fit fit(JiraSite site, String text) {
        FieldShaper.Target target = IssueComposer.target(site);
        return TextLimit.fit(text, TextLimit.TEXT, target.richMeasure());
    }

    @Test
    void adfIsCutToItsVisibleLimitWithTheCodeBlockClosedAndTheNoteAParagraph() {
        TextLimit.Fit fit = fit(V3, TRACE);
        assertEquals(RichText.length(V3, TRACE), fit.length());
        assertTrue(fit.length() > 40_000, "the example is too short: " + fit.length());
        Map<String, Object> doc = RichText.toAdf(fit.text());
        assertTrue(RichText.visibleLength(doc) <= TextLimit.TEXT, RichText.visibleLength(doc) + " characters");
        assertTrue(RichText.visibleLength(doc) > TextLimit.TEXT - 300, "cut more than needed");
        List<?> blocks = (List<?>) doc.get("content");
        assertEquals(List.of("paragraph", "codeBlock", "paragraph"),
                blocks.stream().map(b -> ((Map<?, ?>) b).get("type")).toList());
        Map<?, ?> note = (Map<?, ?>) ((List<?>) ((Map<?, ?>) blocks.get(2)).get("content")).get(0);
        assertEquals(Map.of("type", "text", "text", TextLimit.note(fit.length(), TextLimit.TEXT)), note);
    }

    @Test
    void wikiIsCutToTheMarkupsLimitWithTheNoformatClosedAndTheNoteAfterIt() {
        TextLimit.Fit fit = fit(V2, TRACE);
        String wiki = RichText.toWiki(fit.text());
        assertEquals(RichText.toWiki(TRACE).length(), fit.length(), "the escaped [x] count on v2");
        assertTrue(wiki.length() <= TextLimit.TEXT, wiki.length() + " characters");
        assertTrue(wiki.length() > TextLimit.TEXT - 300, "cut more than needed: " + wiki.length());
        assertEquals(2, wiki.split("\\{noformat}", -1).length - 1, "the noformat block is not closed");
        assertTrue(wiki.endsWith("{noformat}\n\n… \\[cut by jira-sync: " + String.format("%,d", fit.length())
                + " characters, Jira keeps 32,767\\]"), wiki.substring(wiki.length() - 120));
    }

    @Test
    void escapesThatDoubleTheMarkupStillFit() {
        TextLimit.Fit fit = fit(V2, "*".repeat(40_000));
        assertEquals(80_000, fit.length());
        String wiki = RichText.toWiki(fit.text());
        assertTrue(wiki.length() <= TextLimit.TEXT && wiki.length() > TextLimit.TEXT - 100, wiki.length() + "");
    }
}
