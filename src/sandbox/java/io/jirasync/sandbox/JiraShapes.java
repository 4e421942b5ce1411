package io.jirasync.sandbox;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.jirasync.sandbox.SandboxCatalog.Field;
import io.jirasync.sandbox.SandboxCatalog.Ref;
import io.jirasync.sandbox.SandboxCatalog.Status;
import io.jirasync.sandbox.SandboxCatalog.User;

/** Renders the sandbox's state in Jira's JSON shapes, per flavour and REST version. */
final class JiraShapes {

    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SandboxCatalog catalog;

    JiraShapes(SandboxCatalog catalog) {
        this.catalog = catalog;
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    /** Jira's error body: {@code {"errorMessages":[...],"errors":{...}}}. */
    static ObjectNode errors(List<String> messages, Map<String, String> fieldErrors) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("errorMessages");
        messages.forEach(list::add);
        ObjectNode errors = body.putObject("errors");
        fieldErrors.forEach(errors::put);
        return body;
    }

    static String time(OffsetDateTime time) {
        return time == null ? null : JIRA_TIME.format(time);
    }

    ObjectNode avatars(String base, String id) {
        ObjectNode avatars = object();
        for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
            avatars.put(size, base + "/secure/useravatar?size=" + size + "&ownerId=" + id);
        }
        return avatars;
    }

    /** A user as Cloud (accountId, e-mail only when visible) or Server (name and key) shows it. */
    ObjectNode user(User user, Call call) {
        ObjectNode node = object();
        if (call.cloud()) {
            node.put("self", call.api() + "/user?accountId=" + user.accountId());
            node.put("accountId", user.accountId());
            node.put("accountType", "atlassian");
            if (user.emailVisible()) {
                node.put("emailAddress", user.email());
            }
        } else {
            node.put("self", call.api() + "/user?username=" + user.name());
            node.put("key", user.name());
            node.put("name", user.name());
            node.put("emailAddress", user.email());
        }
        node.set("avatarUrls", avatars(call.base(), user.accountId()));
        node.put("displayName", user.displayName());
        node.put("active", true);
        node.put("timeZone", "UTC");
        return node;
    }

    ObjectNode statusCategory(String key, Call call) {
        ObjectNode node = object();
        int id = switch (key) {
            case "new" -> 2;
            case "indeterminate" -> 4;
            default -> 3;
        };
        node.put("self", call.api() + "/statuscategory/" + id);
        node.put("id", id);
        node.put("key", key);
        node.put("colorName", switch (key) {
            case "new" -> "blue-gray";
            case "indeterminate" -> "yellow";
            default -> "green";
        });
        node.put("name", switch (key) {
            case "new" -> "To Do";
            case "indeterminate" -> "In Progress";
            default -> "Done";
        });
        return node;
    }

    ObjectNode status(Status status, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/status/" + status.id());
        node.put("description", "");
        node.put("iconUrl", call.base() + "/images/icons/statuses/generic.png");
        node.put("name", status.name());
        node.put("id", status.id());
        node.set("statusCategory", statusCategory(status.categoryKey(), call));
        return node;
    }

    ObjectNode issueType(SandboxCatalog.IssueType type, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/issuetype/" + type.id());
        node.put("id", type.id());
        node.put("description", type.description());
        node.put("iconUrl", call.base() + "/images/icons/issuetypes/" + type.name().toLowerCase() + ".svg");
        node.put("name", type.name());
        node.put("subtask", false);
        node.put("avatarId", 10303);
        return node;
    }

    ObjectNode project(SandboxCatalog.Project project, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/project/" + project.id());
        node.put("id", project.id());
        node.put("key", project.key());
        node.put("name", project.name());
        node.put("projectTypeKey", "software");
        node.put("simplified", false);
        ObjectNode avatars = object();
        for (String size : List.of("48x48", "24x24", "16x16", "32x32")) {
            avatars.put(size, call.base() + "/secure/projectavatar?size=" + size + "&pid=" + project.id());
        }
        node.set("avatarUrls", avatars);
        return node;
    }

    ObjectNode version(Ref version, SandboxCatalog.Project project, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/version/" + version.id());
        node.put("id", version.id());
        node.put("name", version.name());
        node.put("archived", false);
        node.put("released", false);
        node.put("projectId", Long.parseLong(project.id()));
        return node;
    }

    ObjectNode component(Ref component, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/component/" + component.id());
        node.put("id", component.id());
        node.put("name", component.name());
        node.put("description", "");
        return node;
    }

    ObjectNode priority(Ref priority, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/priority/" + priority.id());
        node.put("iconUrl", call.base() + "/images/icons/priorities/" + priority.name().toLowerCase() + ".svg");
        node.put("name", priority.name());
        node.put("id", priority.id());
        return node;
    }

    ObjectNode resolution(Ref resolution, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/resolution/" + resolution.id());
        node.put("id", resolution.id());
        node.put("description", resolution.name());
        node.put("name", resolution.name());
        return node;
    }

    ObjectNode option(Ref option, Field field, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/customFieldOption/" + option.id());
        node.put("value", option.name());
        node.put("id", option.id());
        return node;
    }

    /** A field's value as GET issue shows it; rich text becomes ADF on v3 and wiki text on v2. */
    JsonNode value(Field field, Object value, SandboxIssue issue, Call call) {
        if (value == null) {
            return field.kind() == SandboxCatalog.Kind.LABELS || field.kind() == SandboxCatalog.Kind.OPTIONS
                    || field.kind() == SandboxCatalog.Kind.COMPONENTS || field.kind() == SandboxCatalog.Kind.VERSIONS
                            ? array()
                            : JSON.nullNode();
        }
        return switch (field.kind()) {
            case STRING, DATE -> TextNode.valueOf((String) value);
            case NUMBER -> (JsonNode) value;
            case RICH -> call.adf() ? RichText.toAdf((JsonNode) value) : TextNode.valueOf(RichText.toWiki((JsonNode) value));
            case OPTION -> option((Ref) value, field, call);
            case PRIORITY -> priority((Ref) value, call);
            case RESOLUTION -> resolution((Ref) value, call);
            case USER -> user((User) value, call);
            case LABELS -> {
                ArrayNode labels = array();
                ((Collection<?>) value).forEach(l -> labels.add((String) l));
                yield labels;
            }
            case OPTIONS, COMPONENTS, VERSIONS -> {
                ArrayNode items = array();
                for (Object o : (Collection<?>) value) {
                    Ref ref = (Ref) o;
                    items.add(switch (field.kind()) {
                        case OPTIONS -> option(ref, field, call);
                        case COMPONENTS -> component(ref, call);
                        default -> version(ref, issue.project, call);
                    });
                }
                yield items;
            }
            case PROJECT -> project(issue.project, call);
            case ISSUETYPE -> issueType(issue.issueType, call);
        };
    }

    /** The issue's fields object; {@code wanted} null means every field. */
    ObjectNode fields(SandboxIssue issue, Call call, Set<String> wanted) {
        ObjectNode fields = object();
        for (Field field : catalog.fields) {
            boolean onScreen = issue.issueType.screen().containsKey(field.id()) || field.id().equals("resolution");
            if (onScreen && (wanted == null || wanted.contains(field.id()))) {
                fields.set(field.id(), value(field, issue.values.get(field.id()), issue, call));
            }
        }
        putIfWanted(fields, wanted, "status", status(catalog.status(issue.statusId).orElseThrow(), call));
        putIfWanted(fields, wanted, "creator", user(issue.creator, call));
        putIfWanted(fields, wanted, "created", TextNode.valueOf(time(issue.created)));
        putIfWanted(fields, wanted, "updated", TextNode.valueOf(time(issue.updated)));
        putIfWanted(fields, wanted, "resolutiondate",
                issue.resolutionDate == null ? JSON.nullNode() : TextNode.valueOf(time(issue.resolutionDate)));
        putIfWanted(fields, wanted, "statuscategorychangedate", TextNode.valueOf(time(issue.statusCategoryChanged)));
        if (wanted == null) {
            untracked(fields, issue, call);
        }
        return fields;
    }

    /** Fields the sandbox does not model but Jira always sends, with the values of an issue nobody touched. */
    private void untracked(ObjectNode fields, SandboxIssue issue, Call call) {
        String self = call.api() + "/issue/" + issue.key;
        fields.putObject("votes").put("self", self + "/votes").put("votes", 0).put("hasVoted", false);
        fields.putObject("watches").put("self", self + "/watchers").put("watchCount", 1).put("isWatching", true);
        fields.putObject("progress").put("progress", 0).put("total", 0);
        fields.putObject("aggregateprogress").put("progress", 0).put("total", 0);
        fields.putObject("timetracking");
        ObjectNode comment = fields.putObject("comment");
        ArrayNode comments = comment.putArray("comments");
        issue.comments.forEach(c -> comments.add(comment(issue, c, call)));
        comment.put("maxResults", issue.comments.size()).put("total", issue.comments.size()).put("startAt", 0);
        fields.putObject("worklog").put("startAt", 0).put("maxResults", 20).put("total", 0).putArray("worklogs");
        for (String empty : List.of("versions", "subtasks", "issuelinks", "attachment")) {
            fields.putArray(empty);
        }
        fields.put("workratio", -1);
        for (String none : List.of("environment", "lastViewed", "timeestimate", "timeoriginalestimate", "timespent",
                "aggregatetimeestimate", "aggregatetimeoriginalestimate", "aggregatetimespent")) {
            fields.putNull(none);
        }
        if (call.cloud()) {
            fields.putNull("security");
        }
    }

    /** A comment; its body is ADF on v3 and wiki text on v2. */
    ObjectNode comment(SandboxIssue issue, SandboxIssue.Comment comment, Call call) {
        ObjectNode node = object();
        node.put("self", call.api() + "/issue/" + issue.id + "/comment/" + comment.id());
        node.put("id", comment.id());
        node.set("author", user(comment.author(), call));
        node.set("body", call.adf() ? RichText.toAdf(comment.body()) : TextNode.valueOf(RichText.toWiki(comment.body())));
        node.set("updateAuthor", user(comment.author(), call));
        node.put("created", time(comment.created()));
        node.put("updated", time(comment.created()));
        return node;
    }

    private static void putIfWanted(ObjectNode fields, Set<String> wanted, String name, JsonNode value) {
        if (wanted == null || wanted.contains(name)) {
            fields.set(name, value);
        }
    }

    /** GET issue's body; {@code wanted} empty means no fields object at all, as search/jql's default. */
    ObjectNode issue(SandboxIssue issue, Call call, Set<String> wanted) {
        ObjectNode node = object();
        node.put("expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
        node.put("id", issue.id);
        node.put("self", call.api() + "/issue/" + issue.id);
        node.put("key", issue.key);
        if (wanted == null || !wanted.isEmpty()) {
            node.set("fields", fields(issue, call, wanted));
        }
        return node;
    }

    /** One field's create/transition metadata; {@code withFieldId} for the paged createmeta endpoint. */
    ObjectNode fieldMeta(Field field, boolean required, SandboxCatalog.Project project, Call call, boolean withFieldId) {
        ObjectNode node = object();
        node.put("required", required);
        ObjectNode schema = node.putObject("schema");
        schema.put("type", field.schemaType());
        if (field.items() != null) {
            schema.put("items", field.items());
        }
        if (field.isCustom()) {
            schema.put("custom", field.custom());
            schema.put("customId", field.customId());
        } else {
            schema.put("system", field.id());
        }
        node.put("name", field.name());
        node.put("key", field.id());
        if (withFieldId) {
            node.put("fieldId", field.id());
        }
        node.put("hasDefaultValue", false);
        ArrayNode operations = node.putArray("operations");
        switch (field.kind()) {
            case LABELS, OPTIONS, COMPONENTS, VERSIONS -> operations.add("add").add("set").add("remove");
            default -> operations.add("set");
        }
        ArrayNode allowed = JSON.arrayNode();
        switch (field.kind()) {
            case OPTION, OPTIONS -> field.options().forEach(o -> allowed.add(option(o, field, call)));
            case PRIORITY -> catalog.priorities.forEach(p -> allowed.add(priority(p, call)));
            case RESOLUTION -> catalog.resolutions.forEach(r -> allowed.add(resolution(r, call)));
            case COMPONENTS -> project.components().forEach(c -> allowed.add(component(c, call)));
            case VERSIONS -> project.versions().forEach(v -> allowed.add(version(v, project, call)));
            case PROJECT -> allowed.add(project(project, call));
            default -> {
            }
        }
        if (!allowed.isEmpty()) {
            node.set("allowedValues", allowed);
        }
        if (field.kind() == SandboxCatalog.Kind.USER) {
            node.put("autoCompleteUrl", call.api() + "/user/search?query=");
        } else if (field.kind() == SandboxCatalog.Kind.LABELS) {
            node.put("autoCompleteUrl", call.api() + "/jql/autocompletedata/suggestions?fieldName=labels&fieldValue=");
        }
        return node;
    }
}
