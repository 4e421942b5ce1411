package io.jirasync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts rich text between Atlassian Document Format (v3) and wiki markup (v2) as Jira does on read. */
final class RichText {

    private RichText() {
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
