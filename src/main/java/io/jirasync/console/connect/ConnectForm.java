package io.jirasync.console.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.integration.IntegrationSettings;
import io.jirasync.jira.JiraProbeService;

/**
 * What the Connect page's form holds: each setting under its settings path ({@code jira.auth.user},
 * {@code customFields[0].value}), so that a problem's {@code errors} land beside their inputs, and which secrets
 * are stored (shown as set or unset, never their value). Turns into the settings document a {@code PUT} reads.
 */
public final class ConnectForm {

    /** The auth types the form offers, as {@code jira.auth.type} names them. */
    public static final List<String> AUTH_TYPES = List.of("basic", "bearer", "scoped", "oauth-client-credentials",
            "oauth-3lo");
    /** Secret inputs: password fields, blank meaning "keep the stored one". */
    static final List<String> SECRETS = List.of("jira.auth.token", "jira.auth.clientSecret", "jira.auth.code",
            "webhookSecret");
    /** Custom-field rows the form reads. */
    static final int MAX_ROWS = 100;
    private static final int EMPTY_ROWS = 2;

    /** One custom field row: its index names its inputs. */
    public record Row(int index, String field, String value) {
    }

    private final Map<String, String> values;
    private final Set<String> storedSecrets;
    private final boolean editing;

    private ConnectForm(Map<String, String> values, Set<String> storedSecrets, boolean editing) {
        this.values = values;
        this.storedSecrets = storedSecrets;
        this.editing = editing;
    }

    /** A new integration: the defaults a PUT would fill in, shown so that they can be changed. */
    static ConnectForm blank(Map<String, String> typed) {
        Map<String, String> values = new HashMap<>(Map.of("jira.auth.type", "basic", "issueType", "Bug", "summary",
                "$title", "description", "Seen $count times between $first_seen and $last_seen.\n$link", "labels",
                "jira-sync", "rules.minEvents", "1"));
        values.putAll(typed);
        return new ConnectForm(values, Set.of(), false);
    }

    /** The form as posted; {@code storedSecrets} are the stored integration's (empty for a new one). */
    static ConnectForm posted(Map<String, String> posted, Set<String> storedSecrets, boolean editing) {
        return new ConnectForm(new HashMap<>(posted), storedSecrets, editing);
    }

    /** A stored integration, from its masked settings (GET's view). */
    static ConnectForm stored(String project, IntegrationSettings s, Map<String, String> typed) {
        Map<String, String> v = new HashMap<>();
        v.put("project", project);
        IntegrationSettings.Auth auth = s.jira().auth();
        put(v, "jira.url", s.jira().url());
        put(v, "jira.deployment", s.jira().deployment());
        put(v, "jira.apiVersion", s.jira().apiVersion() == null ? null : s.jira().apiVersion().toString());
        put(v, "jira.auth.type", auth.type());
        put(v, "jira.auth.user", auth.user());
        put(v, "jira.auth.clientId", auth.clientId());
        put(v, "jira.auth.redirectUri", auth.redirectUri());
        put(v, "projectKey", s.projectKey());
        put(v, "issueType", s.issueType());
        put(v, "summary", s.summary());
        put(v, "description", s.description());
        put(v, "labels", String.join(", ", s.labels()));
        for (int i = 0; i < s.customFields().size(); i++) {
            v.put("customFields[" + i + "].field", s.customFields().get(i).field());
            v.put("customFields[" + i + "].value", s.customFields().get(i).value());
        }
        v.put("rules.autoCreate", String.valueOf(Boolean.TRUE.equals(s.rules().autoCreate())));
        put(v, "rules.minEvents", String.valueOf(s.rules().minEvents()));
        v.putAll(typed);
        return new ConnectForm(v, storedSecrets(s), true);
    }

    /** The secrets a stored integration has (its masked settings show them as the mask). */
    static Set<String> storedSecrets(IntegrationSettings s) {
        Set<String> set = new java.util.HashSet<>();
        if (IntegrationSettings.MASK.equals(s.jira().auth().token())) {
            set.add("jira.auth.token");
        }
        if (IntegrationSettings.MASK.equals(s.jira().auth().clientSecret())) {
            set.add("jira.auth.clientSecret");
        }
        if (IntegrationSettings.MASK.equals(s.webhookSecret())) {
            set.add("webhookSecret");
        }
        return Set.copyOf(set);
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    /** The typed value of an input, "" when none (never a secret: those are not kept). */
    public String value(String name) {
        return SECRETS.contains(name) ? "" : values.getOrDefault(name, "");
    }

    /** Whether a checkbox is ticked. */
    public boolean checked(String name) {
        String v = values.get(name);
        return "true".equals(v) || "on".equals(v);
    }

    /** Whether a secret is stored (the page says "set"; blank keeps it). */
    public boolean secretSet(String name) {
        return storedSecrets.contains(name);
    }

    /** Whether this edits a stored integration (its tracker project cannot change). */
    public boolean editing() {
        return editing;
    }

    /** The tracker project. */
    public String project() {
        return value("project").strip();
    }

    /** The custom field rows typed so far, and two empty ones to type more. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < MAX_ROWS; i++) {
            if (!value("customFields[" + i + "].field").isBlank() || !value("customFields[" + i + "].value").isBlank()) {
                last = i;
            }
        }
        for (int i = 0; i <= last + EMPTY_ROWS && i < MAX_ROWS; i++) {
            rows.add(new Row(i, value("customFields[" + i + "].field"), value("customFields[" + i + "].value")));
        }
        return rows;
    }

    /**
     * The settings document this form makes, over {@code base} (the stored settings as GET shows them, masked
     * secrets included, so that what the form does not show is kept): a blank secret is left out and so keeps the
     * stored one; a blank optional setting is left out and takes its default.
     */
    ObjectNode settings(JsonNode base, ObjectMapper json) {
        ObjectNode s = base != null && base.isObject() ? base.deepCopy() : json.createObjectNode();
        ObjectNode jira = s.has("jira") && s.get("jira").isObject() ? (ObjectNode) s.get("jira") : s.putObject("jira");
        text(jira, "url", "jira.url");
        text(jira, "deployment", "jira.deployment");
        number(jira, "apiVersion", "jira.apiVersion");
        ObjectNode auth = jira.putObject("auth");
        for (String key : List.of("type", "user", "token", "clientId", "clientSecret", "code", "redirectUri")) {
            text(auth, key, "jira.auth." + key);
        }
        for (String key : List.of("projectKey", "issueType", "summary", "description", "webhookSecret")) {
            text(s, key, key);
        }
        ArrayNode labels = s.putArray("labels");
        for (String label : value("labels").split(",")) {
            if (!label.isBlank()) {
                labels.add(label.strip());
            }
        }
        ArrayNode custom = s.putArray("customFields");
        for (Row row : rows()) {
            if (!row.field().isBlank() || !row.value().isBlank()) {
                custom.addObject().put("field", row.field().strip()).put("value", row.value());
            }
        }
        ObjectNode rules = s.has("rules") && s.get("rules").isObject() ? (ObjectNode) s.get("rules")
                : s.putObject("rules");
        rules.put("autoCreate", checked("rules.autoCreate"));
        number(rules, "minEvents", "rules.minEvents");
        return s;
    }

    private void text(ObjectNode node, String key, String name) {
        String v = values.getOrDefault(name, "");
        if (v.isBlank()) {
            node.remove(key);
        } else {
            node.put(key, SECRETS.contains(name) ? v : v.strip());
        }
    }

    // A number when it is one; otherwise the text, so that the reader names the field ("must be a number").
    private void number(ObjectNode node, String key, String name) {
        String v = value(name).strip();
        if (v.isEmpty()) {
            node.remove(key);
        } else if (v.matches("-?\\d{1,9}")) {
            node.put(key, Integer.parseInt(v));
        } else {
            node.put(key, v);
        }
    }

    /** The connection the probe and the listings take; a blank secret is the stored one when editing. */
    JiraProbeService.Connection connection(Optional<String> storedSecret) {
        String type = value("jira.auth.type");
        boolean oauth = type.startsWith("oauth-");
        String typedSecret = values.getOrDefault(oauth ? "jira.auth.clientSecret" : "jira.auth.token", "");
        String secret = typedSecret.isBlank() ? storedSecret.orElse(null) : typedSecret;
        String apiVersion = value("jira.apiVersion").strip();
        return new JiraProbeService.Connection(value("jira.url").strip(), blankToNull(value("jira.deployment")),
                apiVersion.matches("[23]") ? Integer.valueOf(apiVersion) : null,
                new JiraProbeService.Auth(type, blankToNull(value("jira.auth.user")), oauth ? null : secret,
                        blankToNull(value("jira.auth.clientId")), oauth ? secret : null, null,
                        blankToNull(value("jira.auth.redirectUri"))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
