package io.jirasync.sandbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.sandbox.SandboxCatalog.Access;
import io.jirasync.sandbox.SandboxCatalog.Field;
import io.jirasync.sandbox.SandboxCatalog.IssueType;
import io.jirasync.sandbox.SandboxCatalog.Project;
import io.jirasync.sandbox.SandboxCatalog.User;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Jira's REST API v2 and v3 (the subset the worker uses), answered from the sandbox's memory. */
final class SandboxJiraRoutes {

    private final SandboxService service;
    private final ObjectMapper mapper;
    private final JiraShapes shapes;
    private final SandboxCatalog catalog;

    SandboxJiraRoutes(SandboxService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
        this.shapes = service.shapes();
        this.catalog = service.catalog();
    }

    /**
     * Every endpoint under {@code <prefix>/rest/api/2} and {@code 3}, each behind the gate, which counts it by
     * its path template. Literal paths come before templated ones, as JAX-RS matched them.
     */
    void mount(Router router, String prefix, SandboxGate gate) {
        for (int v = 2; v <= 3; v++) {
            Mounter m = new Mounter(router, prefix, gate, v);
            m.add(HttpMethod.GET, "myself", this::myself);
            m.add(HttpMethod.GET, "serverInfo", this::serverInfo);
            m.add(HttpMethod.GET, "project", this::projects);
            m.add(HttpMethod.GET, "project/search", this::projectSearch);
            m.add(HttpMethod.GET, "project/{projectIdOrKey}", this::project);
            m.add(HttpMethod.GET, "project/{projectIdOrKey}/versions", this::versions);
            m.add(HttpMethod.GET, "project/{projectIdOrKey}/components", this::components);
            m.add(HttpMethod.GET, "priority", this::priorities);
            m.add(HttpMethod.GET, "resolution", this::resolutions);
            m.add(HttpMethod.GET, "field", this::fields);
            m.add(HttpMethod.GET, "user/search", this::userSearch);
            m.add(HttpMethod.GET, "user/assignable/search", this::assignable);
            m.add(HttpMethod.GET, "issue/createmeta", this::createMetaOld);
            m.add(HttpMethod.GET, "issue/createmeta/{projectIdOrKey}/issuetypes", this::createMetaIssueTypes);
            m.add(HttpMethod.GET, "issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", this::createMetaFields);
            m.add(HttpMethod.POST, "issue", this::create);
            m.add(HttpMethod.GET, "issue/{issueIdOrKey}", this::get);
            m.add(HttpMethod.PUT, "issue/{issueIdOrKey}", this::edit);
            m.add(HttpMethod.DELETE, "issue/{issueIdOrKey}", this::delete);
            m.add(HttpMethod.GET, "issue/{issueIdOrKey}/transitions", this::transitions);
            m.add(HttpMethod.POST, "issue/{issueIdOrKey}/transitions", this::transition);
            m.add(HttpMethod.PUT, "issue/{issueIdOrKey}/assignee", this::assign);
            m.add(HttpMethod.GET, "issue/{issueIdOrKey}/comment", this::comments);
            m.add(HttpMethod.POST, "issue/{issueIdOrKey}/comment", this::comment);
            m.add(HttpMethod.GET, "search/jql", this::searchJql);
            m.add(HttpMethod.POST, "search/jql", this::searchJqlPost);
            m.add(HttpMethod.GET, "search", this::search);
            m.add(HttpMethod.POST, "search", this::searchPost);
            m.add(HttpMethod.POST, "webhook", this::registerWebhooks);
            m.add(HttpMethod.GET, "webhook", this::webhooks);
            m.add(HttpMethod.DELETE, "webhook", this::deleteWebhooks);
        }
    }

    /** Mounts the endpoints of one REST version. */
    private record Mounter(Router router, String prefix, SandboxGate gate, int version) {

        void add(HttpMethod method, String template, Function<SandboxRequest, Reply> endpoint) {
            String path = "/rest/api/" + version + "/" + template;
            // Work on a worker thread, as the JAX-RS resource did: the service's locks must not hold an event loop.
            router.route(method, prefix + path.replaceAll("\\{(\\w+)}", ":$1"))
                    .handler(gate.admitting(method.name() + " " + path, version))
                    .blockingHandler(context -> answer(context, endpoint), false);
        }
    }

    static void answer(RoutingContext context, Function<SandboxRequest, Reply> endpoint) {
        Reply reply;
        try {
            reply = endpoint.apply(SandboxGate.admitted(context));
        } catch (JiraError error) {
            reply = error.reply;
        }
        reply.send(context.response(), SandboxGate.padding(context));
    }

    // --- users, site, project -----------------------------------------------------------------------------

    private Reply myself(SandboxRequest r) {
        return Reply.ok(shapes.user(r.user(), r.call()));
    }

    private Reply serverInfo(SandboxRequest r) {
        Call call = r.call();
        ObjectNode body = JiraShapes.object();
        body.put("baseUrl", call.base());
        body.put("version", call.cloud() ? "1001.0.0-SNAPSHOT" : "9.12.2");
        ArrayNode numbers = body.putArray("versionNumbers");
        (call.cloud() ? List.of(1001, 0, 0) : List.of(9, 12, 2)).forEach(numbers::add);
        body.put("deploymentType", call.cloud() ? "Cloud" : "Server");
        body.put("buildNumber", call.cloud() ? 100270 : 9120002);
        body.put("buildDate", "2026-01-15T00:00:00.000+0000");
        body.put("serverTime", JiraShapes.time(OffsetDateTime.now(ZoneOffset.UTC)));
        body.put("scmInfo", "sandbox");
        body.put("serverTitle", "jira-sync sandbox");
        return Reply.ok(body);
    }

    /** {@code GET project}: every visible project as an array (Server's list; deprecated on Cloud, still served). */
    private Reply projects(SandboxRequest r) {
        ArrayNode body = mapper.createArrayNode();
        visibleProjects(r).forEach(p -> body.add(shapes.project(p, r.call())));
        return Reply.ok(body);
    }

    /** {@code GET project/search}: Cloud's paged list (PageBeanProject), by key; Server has no such resource. */
    private Reply projectSearch(SandboxRequest r) {
        Call call = r.call();
        if (!call.cloud()) {
            return Reply.error(404, "null for uri: " + call.api() + "/project/search");
        }
        int startAt = r.query("startAt", 0);
        int maxResults = Math.min(Math.max(r.query("maxResults", 50), 1), 100);
        List<Project> visible = visibleProjects(r);
        ObjectNode body = JiraShapes.object();
        body.put("self", call.api() + "/project/search?startAt=" + startAt + "&maxResults=" + maxResults);
        int end = Math.min(visible.size(), startAt + maxResults);
        if (end < visible.size()) {
            body.put("nextPage", call.api() + "/project/search?startAt=" + end + "&maxResults=" + maxResults);
        }
        body.put("maxResults", maxResults);
        body.put("startAt", startAt);
        body.put("total", visible.size());
        body.put("isLast", end >= visible.size());
        ArrayNode values = body.putArray("values");
        visible.subList(Math.min(startAt, end), end).forEach(p -> values.add(shapes.project(p, call)));
        return Reply.ok(body);
    }

    private List<Project> visibleProjects(SandboxRequest r) {
        return catalog.projects.stream().filter(p -> r.user().accessTo(p.key()) != Access.NONE)
                .sorted(java.util.Comparator.comparing(Project::key)).toList();
    }

    private Reply project(SandboxRequest r) {
        String idOrKey = r.path("projectIdOrKey");
        Call call = r.call();
        Project project = project(idOrKey, r.user());
        ObjectNode body = shapes.project(project, call);
        body.put("description", "");
        body.set("lead", shapes.user(catalog.userByAccountId(SandboxCatalog.BOT_ACCOUNT_ID).orElseThrow(), call));
        ArrayNode components = body.putArray("components");
        project.components().forEach(c -> components.add(shapes.component(c, call)));
        ArrayNode types = body.putArray("issueTypes");
        catalog.issueTypes.forEach(t -> types.add(shapes.issueType(t, call)));
        ArrayNode versions = body.putArray("versions");
        project.versions().forEach(ver -> versions.add(shapes.version(ver, project, call)));
        body.put("assigneeType", "UNASSIGNED");
        return Reply.ok(body);
    }

    private Reply versions(SandboxRequest r) {
        String idOrKey = r.path("projectIdOrKey");
        Call call = r.call();
        Project project = project(idOrKey, r.user());
        ArrayNode body = JiraShapes.array();
        project.versions().forEach(ver -> body.add(shapes.version(ver, project, call)));
        return Reply.ok(body);
    }

    private Reply components(SandboxRequest r) {
        String idOrKey = r.path("projectIdOrKey");
        Call call = r.call();
        ArrayNode body = JiraShapes.array();
        project(idOrKey, r.user()).components().forEach(c -> body.add(shapes.component(c, call)));
        return Reply.ok(body);
    }

    private Reply priorities(SandboxRequest r) {
        Call call = r.call();
        ArrayNode body = JiraShapes.array();
        catalog.priorities.forEach(p -> body.add(shapes.priority(p, call)));
        return Reply.ok(body);
    }

    private Reply resolutions(SandboxRequest r) {
        Call call = r.call();
        ArrayNode body = JiraShapes.array();
        catalog.resolutions.forEach(res -> body.add(shapes.resolution(res, call)));
        return Reply.ok(body);
    }

    private Reply fields(SandboxRequest r) {
        ArrayNode body = JiraShapes.array();
        for (Field field : catalog.fields) {
            ObjectNode node = body.addObject();
            node.put("id", field.id());
            node.put("key", field.id());
            node.put("name", field.name());
            node.put("custom", field.isCustom());
            node.put("orderable", true);
            node.put("navigable", true);
            node.put("searchable", true);
            ArrayNode clauses = node.putArray("clauseNames");
            if (field.isCustom()) {
                clauses.add("cf[" + field.customId() + "]").add(field.name());
            } else {
                clauses.add(field.id());
            }
            node.set("schema", shapes.fieldMeta(field, false, catalog.projects.get(0), r.call(), false).get("schema"));
        }
        return Reply.ok(body);
    }

    private Reply userSearch(SandboxRequest r) {
        String query = r.query("query");
        String username = r.query("username");
        String accountId = r.query("accountId");
        Call call = r.call();
        return users(call, catalog.users, query != null ? query : username, accountId);
    }

    private Reply assignable(SandboxRequest r) {
        String projectKey = r.query("project");
        String issueKey = r.query("issueKey");
        String query = r.query("query");
        String username = r.query("username");
        String accountId = r.query("accountId");
        Call call = r.call();
        String key = projectKey != null ? project(projectKey, r.user()).key()
                : issueKey != null ? issueKey.replaceFirst("-\\d+$", "").toUpperCase(Locale.ROOT) : null;
        if (key == null) {
            return Reply.error(400, "The parameter 'project' or 'issueKey' is required.");
        }
        List<User> candidates = catalog.users.stream().filter(u -> u.accessTo(key) == Access.FULL).toList();
        return users(call, candidates, query != null ? query : username, accountId);
    }

    private Reply users(Call call, List<User> candidates, String query, String accountId) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        ArrayNode body = JiraShapes.array();
        candidates.stream()
                .filter(u -> accountId == null || u.accountId().equals(accountId))
                .filter(u -> q.isEmpty() || u.displayName().toLowerCase(Locale.ROOT).contains(q)
                        || (!call.cloud() && u.name().toLowerCase(Locale.ROOT).startsWith(q))
                        // Cloud matches e-mail addresses only where the user lets them be seen.
                        || ((!call.cloud() || u.emailVisible()) && u.email().toLowerCase(Locale.ROOT).startsWith(q)))
                .forEach(u -> body.add(shapes.user(u, call)));
        return Reply.ok(body);
    }

    // --- create metadata ----------------------------------------------------------------------------------

    private Reply createMetaIssueTypes(SandboxRequest r) {
        String idOrKey = r.path("projectIdOrKey");
        int startAt = r.query("startAt", 0);
        int maxResults = r.query("maxResults", 50);
        Call call = r.call();
        project(idOrKey, r.user());
        List<ObjectNode> types = catalog.issueTypes.stream().map(t -> createMetaType(t, call)).toList();
        return Reply.ok(page(call, types, startAt, maxResults, "issueTypes"));
    }

    private Reply createMetaFields(SandboxRequest r) {
        String idOrKey = r.path("projectIdOrKey");
        String issueTypeId = r.path("issueTypeId");
        int startAt = r.query("startAt", 0);
        int maxResults = r.query("maxResults", 50);
        Call call = r.call();
        Project project = project(idOrKey, r.user());
        IssueType type = catalog.issueType(issueTypeId)
                .orElseThrow(() -> JiraError.of(404, "Issue type with id '" + issueTypeId + "' does not exist."));
        List<ObjectNode> fields = type.screen().entrySet().stream()
                .map(e -> shapes.fieldMeta(catalog.field(e.getKey()).orElseThrow(), e.getValue(), project, call, true))
                .toList();
        return Reply.ok(page(call, fields, startAt, maxResults, "fields"));
    }

    private Reply createMetaOld(SandboxRequest r) {
        String projectKeys = r.query("projectKeys");
        String projectIds = r.query("projectIds");
        String typeIds = r.query("issuetypeIds");
        String typeNames = r.query("issuetypeNames");
        String expand = r.query("expand");
        Call call = r.call();
        if (call.cloud()) {
            return Reply.error(404, "This resource has been removed from Jira Cloud; use "
                    + "/issue/createmeta/{projectIdOrKey}/issuetypes.");
        }
        Set<String> wantedProjects = csv(projectKeys);
        wantedProjects.addAll(csv(projectIds));
        Set<String> wantedTypes = csv(typeIds);
        Set<String> wantedTypeNames = csv(typeNames);
        boolean withFields = expand != null && expand.contains("projects.issuetypes.fields");
        ObjectNode body = JiraShapes.object();
        body.put("expand", "projects");
        ArrayNode projects = body.putArray("projects");
        for (Project project : catalog.projects) {
            if (r.user().accessTo(project.key()) == Access.NONE || (!wantedProjects.isEmpty()
                    && !wantedProjects.contains(project.key()) && !wantedProjects.contains(project.id()))) {
                continue;
            }
            ObjectNode node = shapes.project(project, call);
            node.remove("projectTypeKey");
            node.remove("simplified");
            node.put("expand", "issuetypes");
            ArrayNode types = node.putArray("issuetypes");
            for (IssueType type : catalog.issueTypes) {
                if ((!wantedTypes.isEmpty() && !wantedTypes.contains(type.id()))
                        || (!wantedTypeNames.isEmpty() && !wantedTypeNames.contains(type.name()))) {
                    continue;
                }
                ObjectNode typeNode = shapes.issueType(type, call);
                typeNode.put("expand", "fields");
                if (withFields) {
                    ObjectNode fields = typeNode.putObject("fields");
                    type.screen().forEach((id, required) -> fields.set(id,
                            shapes.fieldMeta(catalog.field(id).orElseThrow(), required, project, call, false)));
                }
                types.add(typeNode);
            }
            projects.add(node);
        }
        return Reply.ok(body);
    }

    private ObjectNode createMetaType(IssueType type, Call call) {
        ObjectNode node = shapes.issueType(type, call);
        if (call.cloud()) {
            node.put("hierarchyLevel", 0);
        }
        return node;
    }

    /** Cloud pages carry {@code issueTypes}/{@code fields}; Server/Data Center pages {@code values} and {@code isLast}. */
    private static ObjectNode page(Call call, List<ObjectNode> items, int startAt, int maxResults, String cloudName) {
        int start = Math.max(0, startAt);
        int max = Math.max(1, Math.min(maxResults, 200));
        List<ObjectNode> slice = items.stream().skip(start).limit(max).toList();
        ObjectNode page = JiraShapes.object();
        page.put("maxResults", max);
        page.put("startAt", start);
        page.put("total", items.size());
        if (!call.cloud()) {
            page.put("isLast", start + slice.size() >= items.size());
        }
        page.putArray(call.cloud() ? cloudName : "values").addAll(slice);
        return page;
    }

    // --- issues -------------------------------------------------------------------------------------------

    private Reply create(SandboxRequest r) {
        String body = r.body();
        return service.create(r.call(), json(body));
    }

    private Reply get(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String fields = r.query("fields");
        return service.get(r.call(), key, wantedFields(fields, null));
    }

    private Reply edit(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String body = r.body();
        return service.edit(r.call(), key, json(body));
    }

    private Reply delete(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        return service.delete(r.call(), key);
    }

    private Reply transitions(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String expand = r.query("expand");
        return service.transitions(r.call(), key, expand != null && expand.contains("transitions.fields"));
    }

    private Reply transition(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String body = r.body();
        return service.transition(r.call(), key, json(body));
    }

    private Reply assign(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String body = r.body();
        return service.assign(r.call(), key, json(body));
    }

    private Reply comments(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        return service.comments(r.call(), key);
    }

    private Reply comment(SandboxRequest r) {
        String key = r.path("issueIdOrKey");
        String body = r.body();
        return service.comment(r.call(), key, json(body));
    }

    // --- search -------------------------------------------------------------------------------------------

    private Reply searchJql(SandboxRequest r) {
        String jql = r.query("jql");
        String token = r.query("nextPageToken");
        int maxResults = r.query("maxResults", 50);
        String fields = r.query("fields");
        Call call = cloudOnly(r);
        return service.searchJql(call, jql, token, maxResults, wantedFields(fields, Set.of()));
    }

    private Reply searchJqlPost(SandboxRequest r) {
        String body = r.body();
        Call call = cloudOnly(r);
        JsonNode request = object(json(body));
        return service.searchJql(call, request.path("jql").asText(null), request.path("nextPageToken").asText(null),
                request.path("maxResults").asInt(50), wantedFields(joined(request.get("fields")), Set.of()));
    }

    private Reply search(SandboxRequest r) {
        String jql = r.query("jql");
        int startAt = r.query("startAt", 0);
        int maxResults = r.query("maxResults", 50);
        String fields = r.query("fields");
        return service.search(r.call(), jql, startAt, maxResults, wantedFields(fields, null));
    }

    private Reply searchPost(SandboxRequest r) {
        String body = r.body();
        JsonNode request = object(json(body));
        return service.search(r.call(), request.path("jql").asText(null), request.path("startAt").asInt(0),
                request.path("maxResults").asInt(50), wantedFields(joined(request.get("fields")), null));
    }

    // --- webhooks (Cloud's dynamic webhooks) --------------------------------------------------------------

    private Reply registerWebhooks(SandboxRequest r) {
        String body = r.body();
        return service.registerWebhooks(cloudOnly(r), json(body));
    }

    private Reply webhooks(SandboxRequest r) {
        cloudOnly(r);
        return service.registeredWebhooks();
    }

    private Reply deleteWebhooks(SandboxRequest r) {
        String body = r.body();
        cloudOnly(r);
        return service.deleteWebhooks(json(body));
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static Call cloudOnly(SandboxRequest r) {
        Call call = r.call();
        if (!call.cloud()) {
            throw JiraError.of(404, "This resource is only on Jira Cloud.");
        }
        return call;
    }

    private Project project(String idOrKey, User user) {
        return service.visibleProject(idOrKey, user)
                .orElseThrow(() -> JiraError.of(404, "No project could be found with key '" + idOrKey + "'."));
    }

    private JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw JiraError.of(400, "Unexpected character in the request body at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ".");
        }
    }

    private static JsonNode object(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw JiraError.of(400, "Request body must be a JSON object.");
        }
        return node;
    }

    private static String joined(JsonNode fields) {
        if (fields == null || !fields.isArray()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        fields.forEach(f -> out.append(out.isEmpty() ? "" : ",").append(f.asText()));
        return out.toString();
    }

    /** {@code fields} parameter: null for every field, an empty set for none (just id and key). */
    private static Set<String> wantedFields(String fields, Set<String> byDefault) {
        if (fields == null || fields.isBlank()) {
            return byDefault;
        }
        Set<String> wanted = csv(fields);
        if (wanted.contains("*all") || wanted.contains("*navigable")) {
            return null;
        }
        wanted.removeAll(Set.of("id", "key"));
        return wanted;
    }

    private static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return new LinkedHashSet<>();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
