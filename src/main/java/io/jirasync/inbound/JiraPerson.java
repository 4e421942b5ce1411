package io.jirasync.inbound;

import com.fasterxml.jackson.databind.JsonNode;

/** A Jira user as a delivery or an issue shows it; the e-mail is often hidden. */
public record JiraPerson(String accountId, String name, String email, String displayName) {

    /** The user of a JSON user object, or null for JSON null or a missing node. */
    static JiraPerson of(JsonNode user) {
        if (user == null || !user.isObject()) {
            return null;
        }
        return new JiraPerson(text(user, "accountId"), text(user, "name"), text(user, "emailAddress"),
                text(user, "displayName"));
    }

    /** The identifier jira-sync writes when assigning: accountId on Cloud, name on Server. */
    public String id() {
        return accountId != null ? accountId : name;
    }

    /** How a sentence names this user. */
    public String describe() {
        return (displayName != null ? displayName : id()) + " (" + id() + ")";
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
