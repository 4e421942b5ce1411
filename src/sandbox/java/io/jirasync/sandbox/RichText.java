package io.jirasync.sandbox;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts rich text between Atlassian Document Format (v3) and wiki markup (v2) as Jira does on read. */
final class RichText {

    /** Jira Cloud's limit on a multi-line text (description, text area, comment), in Java characters. */
    static final int TEXT_LIMIT = 32_767;

    private RichText() {
    }

    /** Jira's answer to a text over {@code limit} characters, or null when it fits. */
    static String tooLong(int length, int limit) {
        return length <= limit ? null
                : String.format(Locale.ROOT,
                        "The entered text is too long. It exceeds the allowed limit of %,d characters.", limit);
    }

    /**
     * The characters of a stored rich text as Jira counts them against its limit: wiki markup as it is; in an ADF
     * document the text a reader sees (text nodes, one per hard break, one between blocks), not the JSON.
     */
    static int length(JsonNode stored) {
        if (!isAdf(stored)) {
            return stored.asText().length();
        }
        int length = Math.max(0, stored.path("content").size() - 1);
        for (JsonNode block : stored.path("content")) {
            length += visible(block);
        }
        return length;
    }

    private static int visible(JsonNode node) {
        if ("hardBreak".equals(node.path("type").asText())) {
            return 1;
        }
        int length = node.path("text").asText("").length();
        for (JsonNode child : node.path("content")) {
            length += visible(child);
        }
        return length;
    }

    static boolean isAdf(JsonNode node) {
        return node != null && node.isObject() && "doc".equals(node.path("type").asText())
                && node.path("version").asInt() == 1 && node.path("content").isArray();
    }

    static JsonNode toAdf(JsonNode stored) {
        if (isAdf(stored)) {
            return stored;
        }
        ObjectNode doc = JiraShapes.object();
        doc.put("type", "doc");
        doc.put("version", 1);
        var content = doc.putArray("content");
        for (String line : stored.asText().split("\n", -1)) {
            ObjectNode paragraph = content.addObject();
            paragraph.put("type", "paragraph");
            var inline = paragraph.putArray("content");
            if (!line.isEmpty()) {
                inline.addObject().put("type", "text").put("text", line);
            }
        }
        return doc;
    }

    static String toWiki(JsonNode stored) {
        if (!isAdf(stored)) {
            return stored.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : stored.path("content")) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            appendText(block, text);
        }
        return text.toString();
    }

    private static void appendText(JsonNode node, StringBuilder text) {
        if (node.has("text")) {
            text.append(node.get("text").asText());
        }
        for (JsonNode child : node.path("content")) {
            appendText(child, text);
        }
    }
}
