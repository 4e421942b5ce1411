package io.jirasync.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.sandbox.SandboxCatalog.Access;
import io.jirasync.sandbox.SandboxCatalog.Field;
import io.jirasync.sandbox.SandboxCatalog.Kind;
import io.jirasync.sandbox.SandboxCatalog.Ref;
import io.jirasync.sandbox.SandboxCatalog.Transition;
import io.jirasync.sandbox.SandboxCatalog.User;
import io.quarkus.logging.Log;

/** The sandbox's issues and what Jira does to them: create, edit, transition, assign, comment, search, delete. */
final class SandboxService {

    /** One changelog entry before it is shaped for a flavour. */
    record Change(Field field, String fieldName, String from, String fromText, String to, String toText) {
    }

    private static final Set<String> NOT_EDITABLE = Set.of("project", "issuetype");

    private final SandboxCatalog catalog = new SandboxCatalog();
    private final JiraShapes shapes = new JiraShapes(catalog);
    private final FieldInput input = new FieldInput(catalog);
    private final WebhookDispatcher webhooks;
    private final Map<String, SandboxIssue> issues = new LinkedHashMap<>();
    private final Map<String, Integer> lastNumber = new HashMap<>();
    private long lastIssueId;
    private long lastCommentId;
    private long lastChangelogId;

    SandboxService(WebhookDispatcher webhooks) {
        this.webhooks = webhooks;
        reset();
    }

    SandboxCatalog catalog() {
        return catalog;
    }

    JiraShapes shapes() {
        return shapes;
    }

    /** Forgets every issue and comment: the sandbox is back to its demo configuration. */
    public synchronized void reset() {
        issues.clear();
        lastNumber.clear();
        lastIssueId = 10000;
        lastCommentId = 10000;
        lastChangelogId = 10000;
    }

    /** The issue's key when {@code idOrKey} names one, so that its id and key share one write limit. */
    synchronized String canonicalKey(String idOrKey) {
        SandboxIssue issue = issues.get(idOrKey);
        return issue != null ? issue.key : idOrKey.toUpperCase(java.util.Locale.ROOT);
    }

    /** How many issues the sandbox holds (for the control endpoint and the demo). */
    public synchronized int issueCount() {
        return issues.size();
    }

    // --- issues -------------------------------------------------------------------------------------------

    synchronized Reply create(Call call, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("fields").isObject()) {
            return Reply.error(400, "Request body must be a JSON object with 'fields'.");
        }
        ObjectNode fields = ((ObjectNode) body.get("fields")).deepCopy();
        Map<String, String> errors = new LinkedHashMap<>();
        SandboxCatalog.Project project = projectOf(fields.remove("project"), call.caller());
        if (project == null) {
            errors.put("project", "Specify a valid project ID or key");
        } else if (call.caller().accessTo(project.key()) != Access.FULL) {
            return Reply.error(403, "You do not have permission to create issues in this project.");
        }
        JsonNode typeNode = fields.remove("issuetype");
        SandboxCatalog.IssueType type = typeOf(typeNode);
        if (type == null) {
            errors.put("issuetype", typeNode == null ? "Specify an issue type" : "The issue type selected is invalid.");
        }
        if (!errors.isEmpty()) {
            return Reply.fieldErrors(errors);
        }
        Set<String> settable = settable(type);
        FieldInput.Result read = input.read(settable, project, fields, body.get("update"), call, null);
        errors.putAll(read.errors());
        for (Map.Entry<String, Boolean> onScreen : type.screen().entrySet()) {
            String id = onScreen.getKey();
            if (onScreen.getValue() && settable.contains(id) && !errors.containsKey(id) && isEmpty(read.values().get(id))) {
                errors.put(id, id.equals("summary") ? "You must specify a summary of the issue."
                        : catalog.field(id).orElseThrow().name() + " is required.");
            }
        }
        if (!errors.isEmpty()) {
            return Reply.fieldErrors(errors);
        }
        int number = lastNumber.merge(project.key(), 1, Integer::sum);
        OffsetDateTime now = now();
        SandboxIssue issue = new SandboxIssue(String.valueOf(++lastIssueId), project.key() + "-" + number, project,
                type, call.caller(), now, "10000");
        if (type.screen().containsKey("reporter") && !read.values().containsKey("reporter")) {
            issue.values.put("reporter", call.caller());
        }
        List<Change> changes = new ArrayList<>();
        changes.add(statusChange(null, issue.statusId));
        changes.addAll(apply(issue, read.values(), call));
        issues.put(issue.id, issue);
        Log.infof("Sandbox: %s created %s", call.caller().name(), issue.key);
        publish("jira:issue_created", "issue_created", issue, changes, call);
        ObjectNode created = JiraShapes.object();
        created.put("id", issue.id);
        created.put("key", issue.key);
        created.put("self", call.api() + "/issue/" + issue.id);
        return new Reply(201, created);
    }

    synchronized Reply get(Call call, String idOrKey, Set<String> wanted) {
        return Reply.ok(shapes.issue(visible(call, idOrKey), call, wanted));
    }

    synchronized Reply edit(Call call, String idOrKey, JsonNode body) {
        SandboxIssue issue = writable(call, idOrKey);
        if (body == null || !body.isObject()) {
            return Reply.error(400, "Request body must be a JSON object with 'fields' or 'update'.");
        }
        FieldInput.Result read = input.read(settable(issue.issueType), issue.project, body.get("fields"),
                body.get("update"), call, issue);
        Map<String, String> errors = new LinkedHashMap<>(read.errors());
        for (Map.Entry<String, Object> value : read.values().entrySet()) {
            if (Boolean.TRUE.equals(issue.issueType.screen().get(value.getKey())) && isEmpty(value.getValue())) {
                errors.put(value.getKey(), catalog.field(value.getKey()).orElseThrow().name() + " is required.");
            }
        }
        if (!errors.isEmpty()) {
            return Reply.fieldErrors(errors);
        }
        List<Change> changes = apply(issue, read.values(), call);
        if (!changes.isEmpty()) {
            issue.updated = now();
            publish("jira:issue_updated", "issue_updated", issue, changes, call);
        }
        return Reply.noContent();
    }

    synchronized Reply delete(Call call, String idOrKey) {
        SandboxIssue issue = writable(call, idOrKey);
        issues.remove(issue.id);
        Log.infof("Sandbox: %s deleted %s", call.caller().name(), issue.key);
        publish("jira:issue_deleted", null, issue, null, call);
        return Reply.noContent();
    }

    // --- workflow -----------------------------------------------------------------------------------------

    synchronized Reply transitions(Call call, String idOrKey, boolean withFields) {
        SandboxIssue issue = visible(call, idOrKey);
        ObjectNode body = JiraShapes.object();
        body.put("expand", "transitions");
        ArrayNode list = body.putArray("transitions");
        for (Transition transition : available(issue)) {
            ObjectNode node = list.addObject();
            node.put("id", transition.id());
            node.put("name", transition.name());
            node.set("to", shapes.status(catalog.status(transition.toStatusId()).orElseThrow(), call));
            node.put("hasScreen", transition.requiresResolution());
            node.put("isGlobal", false);
            node.put("isInitial", false);
            node.put("isAvailable", true);
            node.put("isConditional", false);
            node.put("isLooped", false);
            if (withFields) {
                ObjectNode fields = node.putObject("fields");
                if (transition.requiresResolution()) {
                    fields.set("resolution", shapes.fieldMeta(catalog.field("resolution").orElseThrow(), true,
                            issue.project, call, false));
                }
            }
        }
        return Reply.ok(body);
    }

    synchronized Reply transition(Call call, String idOrKey, JsonNode body) {
        SandboxIssue issue = writable(call, idOrKey);
        String id = body == null ? null : body.path("transition").path("id").asText(null);
        if (id == null) {
            return Reply.error(400, "Missing 'transition' identifier");
        }
        Optional<Transition> found = available(issue).stream().filter(t -> t.id().equals(id)).findFirst();
        if (found.isEmpty()) {
            return Reply.error(400, "Transition id '" + id + "' is not valid for this issue.");
        }
        Transition transition = found.get();
        ObjectNode update = body.path("update").isObject() ? ((ObjectNode) body.get("update")).deepCopy() : null;
        JsonNode comment = update == null ? null : update.remove("comment");
        Set<String> settable = transition.requiresResolution() ? Set.of("resolution") : Set.of();
        FieldInput.Result read = input.read(settable, issue.project, body.get("fields"), update, call, issue);
        Map<String, String> errors = new LinkedHashMap<>(read.errors());
        if (transition.requiresResolution() && !errors.containsKey("resolution") && read.values().get("resolution") == null) {
            errors.put("resolution", "Resolution is required.");
        }
        if (!errors.isEmpty()) {
            return Reply.fieldErrors(errors);
        }
        Map<String, Object> values = new LinkedHashMap<>(read.values());
        String categoryTo = catalog.status(transition.toStatusId()).orElseThrow().categoryKey();
        if (transition.id().equals("31")) {
            values.put("resolution", catalog.resolutions.get(1));
        } else if (!categoryTo.equals("done")) {
            values.put("resolution", null);
        }
        List<Change> changes = new ArrayList<>(apply(issue, values, call));
        String categoryFrom = catalog.status(issue.statusId).orElseThrow().categoryKey();
        changes.add(statusChange(issue.statusId, transition.toStatusId()));
        issue.statusId = transition.toStatusId();
        OffsetDateTime now = now();
        issue.updated = now;
        if (!categoryFrom.equals(categoryTo)) {
            issue.statusCategoryChanged = now;
        }
        issue.resolutionDate = issue.values.get("resolution") == null ? null
                : issue.resolutionDate != null ? issue.resolutionDate : now;
        if (comment != null) {
            for (JsonNode operation : comment) {
                if (operation.path("add").has("body")) {
                    addComment(issue, call, operation.get("add").get("body"));
                }
            }
        }
        Log.infof("Sandbox: %s moved %s to %s", call.caller().name(), issue.key, transition.toStatusId());
        // Server names a resolving transition's event; Cloud calls every workflow step generic.
        boolean resolved = values.get("resolution") != null && !call.cloud();
        publish("jira:issue_updated", resolved ? "issue_resolved" : "issue_generic", issue, changes, call);
        return Reply.noContent();
    }

    synchronized Reply assign(Call call, String idOrKey, JsonNode body) {
        SandboxIssue issue = writable(call, idOrKey);
        String property = call.cloud() ? "accountId" : "name";
        if (body == null || !body.isObject() || !body.has(property)) {
            return Reply.fieldErrors(Map.of("assignee", "Specify the assignee by '" + property + "'."));
        }
        User assignee = null;
        if (!body.get(property).isNull() && !body.get(property).asText().equals("-1")) {
            String who = body.get(property).asText();
            assignee = (call.cloud() ? catalog.userByAccountId(who) : catalog.userByName(who))
                    .filter(u -> u.accessTo(issue.project.key()) == Access.FULL)
                    .orElse(null);
            if (assignee == null) {
                return Reply.fieldErrors(Map.of("assignee", "User '" + who + "' cannot be assigned issues."));
            }
        }
        Map<String, Object> values = new HashMap<>();
        values.put("assignee", assignee);
        List<Change> changes = apply(issue, values, call);
        if (!changes.isEmpty()) {
            issue.updated = now();
            publish("jira:issue_updated", "issue_assigned", issue, changes, call);
        }
        return Reply.noContent();
    }

    synchronized Reply comment(Call call, String idOrKey, JsonNode body) {
        SandboxIssue issue = writable(call, idOrKey);
        JsonNode text = body == null ? null : body.get("body");
        if (text == null || (call.adf() ? !RichText.isAdf(text) : !text.isTextual())) {
            return Reply.fieldErrors(Map.of("comment", call.adf()
                    ? "Comment body must be an Atlassian Document (see the Atlassian Document Format)"
                    : "Comment body can not be empty!"));
        }
        String tooLong = RichText.tooLong(RichText.length(text), RichText.TEXT_LIMIT);
        if (tooLong != null) {
            return Reply.fieldErrors(Map.of("comment", tooLong));
        }
        SandboxIssue.Comment comment = addComment(issue, call, text);
        issue.updated = now();
        return new Reply(201, shapes.comment(issue, comment, call));
    }

    synchronized Reply comments(Call call, String idOrKey) {
        SandboxIssue issue = visible(call, idOrKey);
        ObjectNode body = JiraShapes.object();
        body.put("startAt", 0);
        body.put("maxResults", issue.comments.size());
        body.put("total", issue.comments.size());
        ArrayNode list = body.putArray("comments");
        issue.comments.forEach(c -> list.add(shapes.comment(issue, c, call)));
        return Reply.ok(body);
    }

    private SandboxIssue.Comment addComment(SandboxIssue issue, Call call, JsonNode text) {
        SandboxIssue.Comment comment = new SandboxIssue.Comment(String.valueOf(++lastCommentId), call.caller(),
                text.deepCopy(), now());
        issue.comments.add(comment);
        return comment;
    }

    // --- search -------------------------------------------------------------------------------------------

    /** Issues the caller may browse that match the JQL, in the query's order. */
    synchronized List<SandboxIssue> find(Call call, String jql) {
        Jql.Query query;
        try {
            query = Jql.parse(jql, catalog, call.cloud(), call.caller());
        } catch (Jql.JqlException e) {
            throw JiraError.of(400, e.getMessage());
        }
        return issues.values().stream()
                .filter(i -> call.caller().accessTo(i.project.key()) != Access.NONE)
                .filter(query.filter())
                .sorted(query.order())
                .toList();
    }

    /** Old {@code search}: startAt, maxResults and total. */
    synchronized Reply search(Call call, String jql, int startAt, int maxResults, Set<String> wanted) {
        List<SandboxIssue> found = find(call, jql);
        int max = Math.max(0, Math.min(maxResults, 100));
        ObjectNode body = JiraShapes.object();
        body.put("expand", "schema,names");
        body.put("startAt", startAt);
        body.put("maxResults", max);
        body.put("total", found.size());
        ArrayNode list = body.putArray("issues");
        found.stream().skip(Math.max(0, startAt)).limit(max).forEach(i -> list.add(shapes.issue(i, call, wanted)));
        return Reply.ok(body);
    }

    /** Cloud's {@code search/jql}: nextPageToken and isLast, no total. */
    synchronized Reply searchJql(Call call, String jql, String nextPageToken, int maxResults, Set<String> wanted) {
        if (jql == null || jql.isBlank()) {
            return Reply.error(400,
                    "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
        }
        int offset = 0;
        if (nextPageToken != null && !nextPageToken.isBlank()) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextPageToken), StandardCharsets.UTF_8)
                        .replace("offset:", ""));
            } catch (IllegalArgumentException e) {
                return Reply.error(400, "The provided next page token is invalid or expired.");
            }
        }
        List<SandboxIssue> found = find(call, jql);
        int max = Math.max(1, Math.min(maxResults, 5000));
        ObjectNode body = JiraShapes.object();
        ArrayNode list = body.putArray("issues");
        found.stream().skip(offset).limit(max).forEach(i -> list.add(shapes.issue(i, call, wanted)));
        boolean last = offset + max >= found.size();
        if (!last) {
            body.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("offset:" + (offset + max)).getBytes(StandardCharsets.UTF_8)));
        }
        body.put("isLast", last);
        return Reply.ok(body);
    }

    // --- webhooks registered through Jira's API (Cloud's dynamic webhooks: events and a JQL filter) ------

    synchronized Reply registerWebhooks(Call call, JsonNode body) {
        if (body == null || !body.path("url").isTextual() || !body.path("webhooks").isArray()) {
            return Reply.error(400, "Specify 'url' and 'webhooks'.");
        }
        ObjectNode result = JiraShapes.object();
        ArrayNode results = result.putArray("webhookRegistrationResult");
        for (JsonNode webhook : body.get("webhooks")) {
            ObjectNode outcome = results.addObject();
            Set<String> events = new LinkedHashSet<>();
            webhook.path("events").forEach(e -> events.add(e.asText()));
            String jql = webhook.path("jqlFilter").asText(null);
            if (events.isEmpty() || jql == null) {
                outcome.putArray("errors").add("A webhook needs 'events' and a 'jqlFilter'.");
                continue;
            }
            try {
                Jql.Query query = Jql.parse(jql, catalog, call.cloud(), call.caller());
                User owner = call.caller();
                WebhookDispatcher.Target target = webhooks.register(body.get("url").asText(), null, Set.of(), events, jql,
                        issue -> owner.accessTo(issue.project.key()) != Access.NONE && query.filter().test(issue));
                outcome.put("createdWebhookId", Long.parseLong(target.id()));
            } catch (Jql.JqlException e) {
                outcome.putArray("errors").add(e.getMessage());
            }
        }
        return Reply.ok(result);
    }

    Reply registeredWebhooks() {
        List<WebhookDispatcher.Target> registered = webhooks.targets().stream().filter(t -> t.jql() != null).toList();
        ObjectNode page = JiraShapes.object();
        page.put("maxResults", 100);
        page.put("startAt", 0);
        page.put("total", registered.size());
        page.put("isLast", true);
        ArrayNode values = page.putArray("values");
        for (WebhookDispatcher.Target target : registered) {
            ObjectNode node = values.addObject();
            node.put("id", Long.parseLong(target.id()));
            node.put("jqlFilter", target.jql());
            node.put("url", target.url());
            ArrayNode events = node.putArray("events");
            target.events().forEach(events::add);
            // Cloud's dynamic webhooks live 30 days unless refreshed.
            node.put("expirationDate", System.currentTimeMillis() + 30L * 24 * 3600 * 1000);
        }
        return Reply.ok(page);
    }

    Reply deleteWebhooks(JsonNode body) {
        if (body == null || !body.path("webhookIds").isArray()) {
            return Reply.error(400, "Specify 'webhookIds'.");
        }
        body.get("webhookIds").forEach(id -> webhooks.unregister(id.asText()));
        return new Reply(202, null);
    }

    // --- helpers ------------------------------------------------------------------------------------------

    /** The project a request names, or null when it does not exist or the caller may not see it. */
    SandboxCatalog.Project projectOf(JsonNode node, User caller) {
        if (node == null || !node.isObject()) {
            return null;
        }
        String idOrKey = node.has("key") ? node.get("key").asText() : node.path("id").asText(null);
        return idOrKey == null ? null : visibleProject(idOrKey, caller).orElse(null);
    }

    Optional<SandboxCatalog.Project> visibleProject(String idOrKey, User caller) {
        return catalog.project(idOrKey).filter(p -> caller.accessTo(p.key()) != Access.NONE);
    }

    private SandboxCatalog.IssueType typeOf(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has("id")) {
            return catalog.issueType(node.get("id").asText()).orElse(null);
        }
        return node.has("name") ? catalog.issueTypeByName(node.get("name").asText()).orElse(null) : null;
    }

    private Set<String> settable(SandboxCatalog.IssueType type) {
        Set<String> settable = new LinkedHashSet<>(type.screen().keySet());
        settable.removeAll(NOT_EDITABLE);
        return settable;
    }

    private SandboxIssue visible(Call call, String idOrKey) {
        SandboxIssue issue = issues.get(idOrKey);
        if (issue == null) {
            issue = issues.values().stream().filter(i -> i.key.equalsIgnoreCase(idOrKey)).findFirst().orElse(null);
        }
        if (issue == null || call.caller().accessTo(issue.project.key()) == Access.NONE) {
            throw JiraError.of(404, "Issue does not exist or you do not have permission to see it.");
        }
        return issue;
    }

    private SandboxIssue writable(Call call, String idOrKey) {
        SandboxIssue issue = visible(call, idOrKey);
        if (call.caller().accessTo(issue.project.key()) != Access.FULL) {
            throw JiraError.of(403, "You do not have permission to edit issues in this project.");
        }
        return issue;
    }

    private List<Transition> available(SandboxIssue issue) {
        return catalog.transitions.stream().filter(t -> t.from().contains(issue.statusId)).toList();
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof Collection<?> c && c.isEmpty());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Writes the values and returns Jira's changelog items for what really changed. */
    private List<Change> apply(SandboxIssue issue, Map<String, Object> values, Call call) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Field field = catalog.field(entry.getKey()).orElseThrow();
            Object before = issue.values.get(field.id());
            Object after = isEmpty(entry.getValue()) && FieldInput.isList(field.kind()) ? null : entry.getValue();
            if (Objects.equals(normal(before), normal(after))) {
                continue;
            }
            if (field.kind() == Kind.VERSIONS || field.kind() == Kind.COMPONENTS) {
                List<?> was = before == null ? List.of() : (List<?>) before;
                List<?> now = after == null ? List.of() : (List<?>) after;
                for (Object removed : was) {
                    if (!now.contains(removed)) {
                        Ref ref = (Ref) removed;
                        changes.add(new Change(field, changeName(field), ref.id(), ref.name(), null, null));
                    }
                }
                for (Object added : now) {
                    if (!was.contains(added)) {
                        Ref ref = (Ref) added;
                        changes.add(new Change(field, changeName(field), null, null, ref.id(), ref.name()));
                    }
                }
            } else {
                changes.add(new Change(field, changeName(field), idOf(before, call), text(before),
                        idOf(after, call), text(after)));
            }
            if (after == null) {
                issue.values.remove(field.id());
            } else {
                issue.values.put(field.id(), after);
            }
        }
        return changes;
    }

    private static Object normal(Object value) {
        return value instanceof Collection<?> c && c.isEmpty() ? null : value;
    }

    private static String changeName(Field field) {
        return switch (field.id()) {
            case "fixVersions" -> "Fix Version";
            case "components" -> "Component";
            default -> field.isCustom() ? field.name() : field.id();
        };
    }

    private static String idOf(Object value, Call call) {
        if (value instanceof Ref ref) {
            return ref.id();
        }
        if (value instanceof User user) {
            return call.cloud() ? user.accountId() : user.name();
        }
        if (value instanceof String date && date.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return date;
        }
        return null;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Ref ref) {
            return ref.name();
        }
        if (value instanceof User user) {
            return user.displayName();
        }
        if (value instanceof JsonNode node) {
            return node.isNumber() ? node.asText() : RichText.toWiki(node);
        }
        if (value instanceof Collection<?> items) {
            return String.join(" ", items.stream().map(SandboxService::text).toList());
        }
        return value.toString();
    }

    private Change statusChange(String fromId, String toId) {
        Field status = new Field("status", "Status", Kind.STRING, "status", null, null, List.of());
        return new Change(status, "status", fromId,
                fromId == null ? null : catalog.status(fromId).orElseThrow().name(),
                toId, catalog.status(toId).orElseThrow().name());
    }

    /** Builds the delivery now, as the issue is at this moment, in v2 shape like Jira's webhooks. */
    private void publish(String event, String eventTypeName, SandboxIssue issue, List<Change> changes, Call call) {
        Call v2 = new Call(call.base(), 2, call.cloud(), call.caller());
        ObjectNode payload = JiraShapes.object();
        payload.put("timestamp", System.currentTimeMillis());
        payload.put("webhookEvent", event);
        if (eventTypeName != null) {
            payload.put("issue_event_type_name", eventTypeName);
        }
        payload.set("user", shapes.user(call.caller(), v2));
        payload.set("issue", shapes.issue(issue, v2, null));
        ((ObjectNode) payload.get("issue")).remove("expand");
        if (changes != null) {
            ObjectNode changelog = payload.putObject("changelog");
            changelog.put("id", String.valueOf(++lastChangelogId));
            ArrayNode items = changelog.putArray("items");
            for (Change change : changes) {
                ObjectNode item = items.addObject();
                item.put("field", change.fieldName());
                item.put("fieldtype", change.field().isCustom() ? "custom" : "jira");
                if (call.cloud()) {
                    item.put("fieldId", change.field().id());
                }
                item.put("from", change.from());
                item.put("fromString", change.fromText());
                item.put("to", change.to());
                item.put("toString", change.toText());
            }
        }
        webhooks.publish(issue, event, payload);
    }
}
