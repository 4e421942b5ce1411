package io.jirasync.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the worker's plain text (paragraphs separated by blank lines, line breaks, bare URLs and ``` code
 * blocks) into Jira rich text: Atlassian Document Format for REST v3, wiki markup for v2.
 */
public final class RichText {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]}']");
    private static final Pattern FENCE = Pattern.compile("^```[^\\n]*$", Pattern.MULTILINE);
    // Characters that start wiki-markup effects (bold, italic, macros, links, tables, images, super/subscript).
    private static final Pattern WIKI_SPECIAL = Pattern.compile("([\\\\*_{}\\[\\]|!^~+])");
    private static final Pattern WIKI_LINE_START = Pattern.compile("^(h[1-6]\\.|bq\\.|#|-{4}|-\\s)",
            Pattern.MULTILINE);

    private RichText() {
    }

    /** The value of a rich-text field for this site: an ADF document on v3, a wiki-markup string on v2. */
    public static Object forSite(JiraSite site, String text) {
        return site.usesAdf() ? toAdf(text) : toWiki(text);
    }

    /**
     * The length of this text's rich text for this site as Jira counts it against its limit: on v3 the characters a
     * reader sees in the ADF document ({@link #visibleLength}), on v2 the wiki markup's length.
     */
    public static int length(JiraSite site, String text) {
        return site.usesAdf() ? visibleLength(toAdf(text)) : toWiki(text).length();
    }

    /**
     * The characters a reader sees in an ADF document: the text of its text nodes, one for each hard break and one
     * between two blocks (the line break the reader sees there); the JSON around them does not count.
     */
    public static int visibleLength(Map<String, Object> doc) {
        int length = 0;
        List<?> blocks = doc.get("content") instanceof List<?> list ? list : List.of();
        for (Object block : blocks) {
            length += inlineLength(block);
        }
        return length + Math.max(0, blocks.size() - 1);
    }

    private static int inlineLength(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            return 0;
        }
        if ("hardBreak".equals(map.get("type"))) {
            return 1;
        }
        int length = map.get("text") instanceof String text ? text.length() : 0;
        if (map.get("content") instanceof List<?> children) {
            for (Object child : children) {
                length += inlineLength(child);
            }
        }
        return length;
    }

    /**
     * The text with a ``` code block it leaves open closed, so that what is appended after it (a cut text's note)
     * is read as text, not code.
     */
    public static String closeBlocks(String text) {
        long fences = FENCE.matcher(text.replace("\r\n", "\n")).results().count();
        return fences % 2 == 0 ? text : text + "\n```";
    }

    /** An ADF document ({@code {"type":"doc","version":1,"content":[...]}}) as plain maps for Jackson. */
    public static Map<String, Object> toAdf(String text) {
        List<Object> content = new ArrayList<>();
        for (Block block : blocks(text == null ? "" : text)) {
            if (block.code()) {
                Map<String, Object> code = node("codeBlock");
                if (!block.text().isEmpty()) {
                    code.put("content", List.of(textNode(block.text(), null)));
                }
                content.add(code);
            } else {
                for (String paragraph : block.text().split("\\n\\s*\\n")) {
                    if (!paragraph.isBlank()) {
                        Map<String, Object> p = node("paragraph");
                        p.put("content", inline(paragraph.strip()));
                        content.add(p);
                    }
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", content);
        return doc;
    }

    /** Wiki markup: paragraphs and line breaks kept, URLs as links, code blocks as {code}, specials escaped. */
    public static String toWiki(String text) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks(text == null ? "" : text)) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            if (block.code()) {
                // Inside {code} nothing is interpreted except the closing macro, which cannot be escaped there.
                out.append("{noformat}\n").append(block.text().replace("{noformat}", "{ noformat}"))
                        .append("\n{noformat}");
            } else {
                out.append(wikiText(block.text().strip()));
            }
        }
        return out.toString();
    }

    private static String wikiText(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(escapeWiki(text.substring(at, m.start())));
            out.append('[').append(m.group().replace("|", "%7C").replace("]", "%5D")).append(']');
            at = m.end();
        }
        out.append(escapeWiki(text.substring(at)));
        return out.toString();
    }

    private static String escapeWiki(String text) {
        String escaped = WIKI_SPECIAL.matcher(text).replaceAll("\\\\$1");
        return WIKI_LINE_START.matcher(escaped).replaceAll("\\\\$1");
    }

    private static List<Object> inline(String paragraph) {
        List<Object> nodes = new ArrayList<>();
        String[] lines = paragraph.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                nodes.add(node("hardBreak"));
            }
            Matcher m = URL.matcher(lines[i]);
            int at = 0;
            while (m.find()) {
                if (m.start() > at) {
                    nodes.add(textNode(lines[i].substring(at, m.start()), null));
                }
                nodes.add(textNode(m.group(), m.group()));
                at = m.end();
            }
            if (at < lines[i].length()) {
                nodes.add(textNode(lines[i].substring(at), null));
            }
        }
        return nodes;
    }

    private static Map<String, Object> textNode(String text, String href) {
        Map<String, Object> node = node("text");
        node.put("text", text);
        if (href != null) {
            Map<String, Object> link = node("link");
            link.put("attrs", Map.of("href", href));
            node.put("marks", List.of(link));
        }
        return node;
    }

    private static Map<String, Object> node(String type) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", type);
        return node;
    }

    private record Block(String text, boolean code) {
    }

    // Splits on ``` fences; an unclosed fence runs to the end of the text.
    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        String normalized = text.replace("\r\n", "\n");
        Matcher m = FENCE.matcher(normalized);
        int at = 0;
        boolean code = false;
        while (m.find()) {
            addBlock(blocks, normalized.substring(at, m.start()), code);
            at = Math.min(normalized.length(), m.end() + 1);
            code = !code;
        }
        addBlock(blocks, normalized.substring(Math.min(at, normalized.length())), code);
        return blocks;
    }

    private static void addBlock(List<Block> blocks, String text, boolean code) {
        if (code) {
            blocks.add(new Block(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, true));
        } else if (!text.isBlank()) {
            blocks.add(new Block(text, false));
        }
    }
}
