package io.jirasync.sandbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.jirasync.sandbox.SandboxCatalog.Access;
import io.jirasync.sandbox.SandboxCatalog.Field;
import io.jirasync.sandbox.SandboxCatalog.IssueType;
import io.jirasync.sandbox.SandboxCatalog.Project;
import io.jirasync.sandbox.SandboxCatalog.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Jira's REST API v2 and v3 (the subset the worker uses), answered from the sandbox's memory. */
// SandboxFilter reads the methods' @Path to count requests by template, also in a native image.
@RegisterForReflection(methods = true)
@Path("/sandbox/jira/rest/api/{v:[23]}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SandboxJiraResource {

    private final SandboxService service;
    private final SandboxControl control;
    private final SandboxCaller caller;
    private final ObjectMapper mapper;
    private final JiraShapes shapes;
    private final SandboxCatalog catalog;

    SandboxJiraResource(SandboxService service, SandboxControl control, SandboxCaller caller, ObjectMapper mapper) {
        this.service = service;
        this.control = control;
        this.caller = caller;
        this.mapper = mapper;
        this.shapes = service.shapes();
        this.catalog = service.catalog();
    }

    // --- users, site, project -----------------------------------------------------------------------------

    @GET
    @Path("myself")
    @Operation(hidden = true)
    public Response myself(@PathParam("v") int v) {
        return Reply.ok(shapes.user(caller.user(), call(v))).toResponse();
    }

    @GET
    @Path("serverInfo")
    @Operation(hidden = true)
    public Response serverInfo(@PathParam("v") int v) {
        Call call = call(v);
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
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("project/{projectIdOrKey}")
    @Operation(hidden = true)
    public Response project(@PathParam("v") int v, @PathParam("projectIdOrKey") String idOrKey) {
        Call call = call(v);
        Project project = project(idOrKey);
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
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("project/{projectIdOrKey}/versions")
    @Operation(hidden = true)
    public Response versions(@PathParam("v") int v, @PathParam("projectIdOrKey") String idOrKey) {
        Call call = call(v);
        Project project = project(idOrKey);
        ArrayNode body = JiraShapes.array();
        project.versions().forEach(ver -> body.add(shapes.version(ver, project, call)));
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("project/{projectIdOrKey}/components")
    @Operation(hidden = true)
    public Response components(@PathParam("v") int v, @PathParam("projectIdOrKey") String idOrKey) {
        Call call = call(v);
        ArrayNode body = JiraShapes.array();
        project(idOrKey).components().forEach(c -> body.add(shapes.component(c, call)));
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("priority")
    @Operation(hidden = true)
    public Response priorities(@PathParam("v") int v) {
        Call call = call(v);
        ArrayNode body = JiraShapes.array();
        catalog.priorities.forEach(p -> body.add(shapes.priority(p, call)));
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("resolution")
    @Operation(hidden = true)
    public Response resolutions(@PathParam("v") int v) {
        Call call = call(v);
        ArrayNode body = JiraShapes.array();
        catalog.resolutions.forEach(r -> body.add(shapes.resolution(r, call)));
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("field")
    @Operation(hidden = true)
    public Response fields(@PathParam("v") int v) {
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
            node.set("schema", shapes.fieldMeta(field, false, catalog.projects.get(0), call(v), false).get("schema"));
        }
        return Reply.ok(body).toResponse();
    }

    @GET
    @Path("user/search")
    @Operation(hidden = true)
    public Response userSearch(@PathParam("v") int v, @QueryParam("query") String query,
            @QueryParam("username") String username, @QueryParam("accountId") String accountId) {
        Call call = call(v);
        return users(call, catalog.users, query != null ? query : username, accountId);
    }

    @GET
    @Path("user/assignable/search")
    @Operation(hidden = true)
    public Response assignable(@PathParam("v") int v, @QueryParam("project") String projectKey,
            @QueryParam("issueKey") String issueKey, @QueryParam("query") String query,
            @QueryParam("username") String username, @QueryParam("accountId") String accountId) {
        Call call = call(v);
        String key = projectKey != null ? project(projectKey).key()
                : issueKey != null ? issueKey.replaceFirst("-\\d+$", "").toUpperCase(Locale.ROOT) : null;
        if (key == null) {
            return Reply.error(400, "The parameter 'project' or 'issueKey' is required.").toResponse();
        }
        List<User> candidates = catalog.users.stream().filter(u -> u.accessTo(key) == Access.FULL).toList();
        return users(call, candidates, query != null ? query : username, accountId);
    }

    private Response users(Call call, List<User> candidates, String query, String accountId) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        ArrayNode body = JiraShapes.array();
        candidates.stream()
                .filter(u -> accountId == null || u.accountId().equals(accountId))
                .filter(u -> q.isEmpty() || u.displayName().toLowerCase(Locale.ROOT).contains(q)
                        || (!call.cloud() && u.name().toLowerCase(Locale.ROOT).startsWith(q))
                        // Cloud matches e-mail addresses only where the user lets them be seen.
                        || ((!call.cloud() || u.emailVisible()) && u.email().toLowerCase(Locale.ROOT).startsWith(q)))
                .forEach(u -> body.add(shapes.user(u, call)));
        return Reply.ok(body).toResponse();
    }

    // --- create metadata ----------------------------------------------------------------------------------

    @GET
    @Path("issue/createmeta/{projectIdOrKey}/issuetypes")
    @Operation(hidden = true)
    public Response createMetaIssueTypes(@PathParam("v") int v, @PathParam("projectIdOrKey") String idOrKey,
            @QueryParam("startAt") @DefaultValue("0") int startAt,
            @QueryParam("maxResults") @DefaultValue("50") int maxResults) {
        Call call = call(v);
        project(idOrKey);
        List<ObjectNode> types = catalog.issueTypes.stream().map(t -> createMetaType(t, call)).toList();
        return Reply.ok(page(call, types, startAt, maxResults, "issueTypes")).toResponse();
    }

    @GET
    @Path("issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}")
    @Operation(hidden = true)
    public Response createMetaFields(@PathParam("v") int v, @PathParam("projectIdOrKey") String idOrKey,
            @PathParam("issueTypeId") String issueTypeId, @QueryParam("startAt") @DefaultValue("0") int startAt,
            @QueryParam("maxResults") @DefaultValue("50") int maxResults) {
        Call call = call(v);
        Project project = project(idOrKey);
        IssueType type = catalog.issueType(issueTypeId)
                .orElseThrow(() -> JiraError.of(404, "Issue type with id '" + issueTypeId + "' does not exist."));
        List<ObjectNode> fields = type.screen().entrySet().stream()
                .map(e -> shapes.fieldMeta(catalog.field(e.getKey()).orElseThrow(), e.getValue(), project, call, true))
                .toList();
        return Reply.ok(page(call, fields, startAt, maxResults, "fields")).toResponse();
    }

    @GET
    @Path("issue/createmeta")
    @Operation(hidden = true)
    public Response createMetaOld(@PathParam("v") int v, @QueryParam("projectKeys") String projectKeys,
            @QueryParam("projectIds") String projectIds, @QueryParam("issuetypeIds") String typeIds,
            @QueryParam("issuetypeNames") String typeNames, @QueryParam("expand") String expand) {
        Call call = call(v);
        if (call.cloud()) {
            return Reply.error(404, "This resource has been removed from Jira Cloud; use "
                    + "/issue/createmeta/{projectIdOrKey}/issuetypes.").toResponse();
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
            if (caller.user().accessTo(project.key()) == Access.NONE || (!wantedProjects.isEmpty()
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
        return Reply.ok(body).toResponse();
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

    @POST
    @Path("issue")
    @Operation(hidden = true)
    public Response create(@PathParam("v") int v, String body) {
        return service.create(call(v), json(body)).toResponse();
    }

    @GET
    @Path("issue/{issueIdOrKey}")
    @Operation(hidden = true)
    public Response get(@PathParam("v") int v, @PathParam("issueIdOrKey") String key, @QueryParam("fields") String fields) {
        return service.get(call(v), key, wantedFields(fields, null)).toResponse();
    }

    @PUT
    @Path("issue/{issueIdOrKey}")
    @Operation(hidden = true)
    public Response edit(@PathParam("v") int v, @PathParam("issueIdOrKey") String key, String body) {
        return service.edit(call(v), key, json(body)).toResponse();
    }

    @DELETE
    @Path("issue/{issueIdOrKey}")
    @Operation(hidden = true)
    public Response delete(@PathParam("v") int v, @PathParam("issueIdOrKey") String key) {
        return service.delete(call(v), key).toResponse();
    }

    @GET
    @Path("issue/{issueIdOrKey}/transitions")
    @Operation(hidden = true)
    public Response transitions(@PathParam("v") int v, @PathParam("issueIdOrKey") String key,
            @QueryParam("expand") String expand) {
        return service.transitions(call(v), key, expand != null && expand.contains("transitions.fields")).toResponse();
    }

    @POST
    @Path("issue/{issueIdOrKey}/transitions")
    @Operation(hidden = true)
    public Response transition(@PathParam("v") int v, @PathParam("issueIdOrKey") String key, String body) {
        return service.transition(call(v), key, json(body)).toResponse();
    }

    @PUT
    @Path("issue/{issueIdOrKey}/assignee")
    @Operation(hidden = true)
    public Response assign(@PathParam("v") int v, @PathParam("issueIdOrKey") String key, String body) {
        return service.assign(call(v), key, json(body)).toResponse();
    }

    @GET
    @Path("issue/{issueIdOrKey}/comment")
    @Operation(hidden = true)
    public Response comments(@PathParam("v") int v, @PathParam("issueIdOrKey") String key) {
        return service.comments(call(v), key).toResponse();
    }

    @POST
    @Path("issue/{issueIdOrKey}/comment")
    @Operation(hidden = true)
    public Response comment(@PathParam("v") int v, @PathParam("issueIdOrKey") String key, String body) {
        return service.comment(call(v), key, json(body)).toResponse();
    }

    // --- search -------------------------------------------------------------------------------------------

    @GET
    @Path("search/jql")
    @Operation(hidden = true)
    public Response searchJql(@PathParam("v") int v, @QueryParam("jql") String jql,
            @QueryParam("nextPageToken") String token, @QueryParam("maxResults") @DefaultValue("50") int maxResults,
            @QueryParam("fields") String fields) {
        Call call = cloudOnly(v);
        return service.searchJql(call, jql, token, maxResults, wantedFields(fields, Set.of())).toResponse();
    }

    @POST
    @Path("search/jql")
    @Operation(hidden = true)
    public Response searchJqlPost(@PathParam("v") int v, String body) {
        Call call = cloudOnly(v);
        JsonNode request = object(json(body));
        return service.searchJql(call, request.path("jql").asText(null), request.path("nextPageToken").asText(null),
                request.path("maxResults").asInt(50), wantedFields(joined(request.get("fields")), Set.of())).toResponse();
    }

    @GET
    @Path("search")
    @Operation(hidden = true)
    public Response search(@PathParam("v") int v, @QueryParam("jql") String jql,
            @QueryParam("startAt") @DefaultValue("0") int startAt,
            @QueryParam("maxResults") @DefaultValue("50") int maxResults, @QueryParam("fields") String fields) {
        return service.search(call(v), jql, startAt, maxResults, wantedFields(fields, null)).toResponse();
    }

    @POST
    @Path("search")
    @Operation(hidden = true)
    public Response searchPost(@PathParam("v") int v, String body) {
        JsonNode request = object(json(body));
        return service.search(call(v), request.path("jql").asText(null), request.path("startAt").asInt(0),
                request.path("maxResults").asInt(50), wantedFields(joined(request.get("fields")), null)).toResponse();
    }

    // --- webhooks (Cloud's dynamic webhooks) --------------------------------------------------------------

    @POST
    @Path("webhook")
    @Operation(hidden = true)
    public Response registerWebhooks(@PathParam("v") int v, String body) {
        return service.registerWebhooks(cloudOnly(v), json(body)).toResponse();
    }

    @GET
    @Path("webhook")
    @Operation(hidden = true)
    public Response webhooks(@PathParam("v") int v) {
        cloudOnly(v);
        return service.registeredWebhooks().toResponse();
    }

    @DELETE
    @Path("webhook")
    @Operation(hidden = true)
    public Response deleteWebhooks(@PathParam("v") int v, String body) {
        cloudOnly(v);
        return service.deleteWebhooks(json(body)).toResponse();
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private Call call(int version) {
        return new Call(caller.base(), version, control.cloud(), caller.user());
    }

    private Call cloudOnly(int version) {
        Call call = call(version);
        if (!call.cloud()) {
            throw JiraError.of(404, "This resource is only on Jira Cloud.");
        }
        return call;
    }

    private Project project(String idOrKey) {
        return service.visibleProject(idOrKey, caller.user())
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
