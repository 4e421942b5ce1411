package io.jirasync.jira;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.jira.dto.CreateMeta;
import io.quarkus.logging.Log;

/**
 * Create metadata of a project (issue types and, per type, the fields with schema, required flag and allowed
 * values), read through the per-project endpoints of Jira Cloud and Server/DC 8.4+ (all pages, either response
 * shape), falling back to the old {@code createmeta?expand=} on servers that lack them. Cached per site and
 * project in {@link CreateMetaCache}.
 */
@ApplicationScoped
public class CreateMetaService {

    private final JiraClient client;
    private final CreateMetaCache cache;
    private final ObjectMapper mapper;

    public CreateMetaService(JiraClient client, CreateMetaCache cache, ObjectMapper mapper) {
        this.client = client;
        this.cache = cache;
        this.mapper = mapper;
    }

    /** Every issue type of the project with its fields; from the cache when fresh. */
    public CreateMeta createMeta(JiraSite site, String projectKey) {
        CreateMeta cached = cache.get(site, projectKey);
        if (cached != null) {
            return cached;
        }
        CreateMeta meta;
        List<JsonNode> types;
        try {
            types = allPages(site, projectKey, null);
        } catch (JiraException e) {
            if (e.kind() != JiraException.Kind.HTTP || e.status() != 404) {
                throw e;
            }
            // Jira before 8.4 has no per-project endpoints; a 404 there may also mean an invisible project,
            // which the legacy call answers with an empty project list.
            Log.infof("Jira at %s has no per-project createmeta; using the legacy endpoint for %s", site.url(),
                    projectKey);
            meta = legacy(site, projectKey);
            cache.put(site, projectKey, meta);
            return meta;
        }
        List<CreateMeta.IssueTypeFields> issueTypes = new ArrayList<>();
        for (JsonNode type : types) {
            String id = type.path("id").asText();
            List<CreateMeta.Field> fields = new ArrayList<>();
            for (JsonNode field : allPages(site, projectKey, id)) {
                fields.add(field(field.path("fieldId").asText(field.path("key").asText()), field));
            }
            issueTypes.add(new CreateMeta.IssueTypeFields(id, type.path("name").asText(),
                    type.path("subtask").asBoolean(false), List.copyOf(fields)));
        }
        meta = new CreateMeta(projectKey, List.copyOf(issueTypes));
        cache.put(site, projectKey, meta);
        return meta;
    }

    /** Forgets the project's cached metadata (for instance after an admin changed the Jira project). */
    public void invalidate(JiraSite site, String projectKey) {
        cache.invalidate(site, projectKey);
    }

    // Cloud pages list "issueTypes" or "fields" (older Cloud: "values"/"results"), Server/DC pages "values";
    // paging stops on isLast, on reaching total, or on an empty page.
    private List<JsonNode> allPages(JiraSite site, String projectKey, String issueTypeId) {
        List<JsonNode> items = new ArrayList<>();
        int startAt = 0;
        while (true) {
            JsonNode page = client.createMetaPage(site, projectKey, issueTypeId, startAt);
            JsonNode list = firstArray(page, issueTypeId == null ? "issueTypes" : "fields", "values", "results");
            list.forEach(items::add);
            int total = page.path("total").asInt(-1);
            boolean last = page.path("isLast").asBoolean(false) || list.isEmpty()
                    || (total >= 0 && startAt + list.size() >= total);
            if (last) {
                return items;
            }
            startAt += list.size();
        }
    }

    // Package-visible so that a test can compare both shapes on a Jira that has both endpoints.
    CreateMeta legacy(JiraSite site, String projectKey) {
        JsonNode body = client.legacyCreateMeta(site, projectKey);
        JsonNode project = null;
        for (JsonNode p : body.path("projects")) {
            if (p.path("key").asText().equalsIgnoreCase(projectKey) || p.path("id").asText().equals(projectKey)) {
                project = p;
            }
        }
        if (project == null) {
            throw new JiraException(JiraException.Kind.HTTP, 404, "The Jira user " + site.principal()
                    + " cannot see project " + projectKey + " at " + site.url(), List.of(), java.util.Map.of(),
                    java.util.Map.of(), null);
        }
        List<CreateMeta.IssueTypeFields> issueTypes = new ArrayList<>();
        for (JsonNode type : project.path("issuetypes")) {
            List<CreateMeta.Field> fields = new ArrayList<>();
            type.path("fields").properties().forEach(f -> fields.add(field(f.getKey(), f.getValue())));
            issueTypes.add(new CreateMeta.IssueTypeFields(type.path("id").asText(), type.path("name").asText(),
                    type.path("subtask").asBoolean(false), List.copyOf(fields)));
        }
        return new CreateMeta(projectKey, List.copyOf(issueTypes));
    }

    private CreateMeta.Field field(String fieldId, JsonNode field) {
        JsonNode schema = field.path("schema");
        List<JsonNode> allowed = new ArrayList<>();
        field.path("allowedValues").forEach(allowed::add);
        List<String> operations = new ArrayList<>();
        field.path("operations").forEach(o -> operations.add(o.asText()));
        return new CreateMeta.Field(fieldId, field.path("name").asText(fieldId), field.path("required").asBoolean(),
                field.path("hasDefaultValue").asBoolean(false),
                new CreateMeta.Schema(schema.path("type").asText(null), schema.path("items").asText(null),
                        schema.path("system").asText(null), schema.path("custom").asText(null),
                        schema.has("customId") ? schema.path("customId").asLong() : null),
                List.copyOf(allowed), List.copyOf(operations));
    }

    private JsonNode firstArray(JsonNode page, String... names) {
        for (String name : names) {
            if (page.path(name).isArray()) {
                return page.path(name);
            }
        }
        return mapper.createArrayNode();
    }
}
