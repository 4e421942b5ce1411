package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class RichTextTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void adfHasOneParagraphPerBlankLineSeparatedBlockAndHardBreaksForLineBreaks() throws Exception {
        Map<String, Object> doc = RichText.toAdf("Seen 42 times\non web-2\n\nSecond paragraph");
        assertEquals("""
                {"type":"doc","version":1,"content":[\
                {"type":"paragraph","content":[{"type":"text","text":"Seen 42 times"},{"type":"hardBreak"},\
                {"type":"text","text":"on web-2"}]},\
                {"type":"paragraph","content":[{"type":"text","text":"Second paragraph"}]}]}""",
                mapper.writeValueAsString(doc));
    }

    @Test
    void adfMarksUrlsAsLinksWithoutTrailingPunctuation() throws Exception {
        Map<String, Object> doc = RichText.toAdf("See https://tracker.acme.com/e/4f2a9c?x=1.");
        assertEquals("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[\
                {"type":"text","text":"See "},\
                {"type":"text","text":"https://tracker.acme.com/e/4f2a9c?x=1",\
                "marks":[{"type":"link","attrs":{"href":"https://tracker.acme.com/e/4f2a9c?x=1"}}]},\
                {"type":"text","text":"."}]}]}""", mapper.writeValueAsString(doc));
    }

    @Test
    void adfKeepsCodeBlocksVerbatim() throws Exception {
        Map<String, Object> doc = RichText.toAdf("Trace:\n```\nat Cart.add(Cart.java:42)\n  *bold* {x}\n```\nEnd");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> content = (List<Map<String, Object>>) doc.get("content");
        assertEquals(3, content.size());
        assertEquals("codeBlock", content.get(1).get("type"));
        assertEquals("[{type=text, text=at Cart.add(Cart.java:42)\n  *bold* {x}}]",
                content.get(1).get("content").toString());
    }

    @Test
    void adfOfEmptyTextIsAnEmptyDocument() throws Exception {
        assertEquals("{\"type\":\"doc\",\"version\":1,\"content\":[]}",
                mapper.writeValueAsString(RichText.toAdf("")));
    }

    @Test
    void wikiMarkupEscapesEffectsAndLinksUrls() {
        assertEquals("Null in \\*Cart\\* \\{code\\} \\[x\\] a\\|b on web-2\n"
                + "[https://tracker.acme.com/e/1]",
                RichText.toWiki("Null in *Cart* {code} [x] a|b on web-2\n"
                        + "https://tracker.acme.com/e/1"));
    }

    @Test
    void wikiMarkupEscapesLineStartsThatWouldBecomeHeadingsOrLists() {
        assertEquals("\\h1. not a heading\n\\# not a list", RichText.toWiki("h1. not a heading\n# not a list"));
    }

    @Test
    void wikiMarkupPutsCodeInNoformat() {
        assertEquals("Trace:\n\n{noformat}\nat *x* {y}\n{noformat}\n\nEnd",
                RichText.toWiki("Trace:\n```java\nat *x* {y}\n```\nEnd"));
    }

    @Test
    void siteDecidesTheFormat() {
        JiraSite v3 = JiraSite.cloud("https://acme.atlassian.net", "bot@acme.com", "t");
        JiraSite v2 = new JiraSite(v3.url(), JiraSite.Deployment.SERVER, 2, JiraSite.AuthType.BEARER, null, "pat");
        assertInstanceOf(Map.class, RichText.forSite(v3, "x"));
        assertEquals("x", RichText.forSite(v2, "x"));
    }

    @Test
    void theLengthOfAdfIsTheTextAReaderSeesAndOfWikiTheMarkup() {
        JiraSite v3 = JiraSite.cloud("https://acme.atlassian.net", "bot@acme.com", "t");
        JiraSite v2 = new JiraSite(v3.url(), JiraSite.Deployment.SERVER, 2, JiraSite.AuthType.BEARER, null, "pat");
        // 13 + a hard break + 8, a paragraph break, 16: the JSON around them is not text.
        assertEquals(39, RichText.length(v3, "Seen 42 times\non web-2\n\nSecond paragraph"));
        assertEquals(5, RichText.length(v2, "*x*"), "the escapes are stored too");
        assertEquals(0, RichText.visibleLength(RichText.toAdf("")));
    }

    @Test
    void closingBlocksClosesOnlyAnOpenCodeBlock() {
        assertEquals("a\n```java\nb\n```", RichText.closeBlocks("a\n```java\nb"));
        assertEquals("a\n```\nb\n```\nc", RichText.closeBlocks("a\n```\nb\n```\nc"));
        assertEquals("plain", RichText.closeBlocks("plain"));
    }
}
