package io.jirasync.console.connect;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.console.ConsoleSession;
import io.jirasync.fingerprint.FingerprintFilter;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.integration.IntegrationResource;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.PreflightService;
import io.jirasync.integration.SettingsReader;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraProbeService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The Connect page, for a new integration and for editing one: Jira URL and auth and the probe, the project and
 * issue type from Jira's lists, the create screen's fields, the templates with a live preview and the test's
 * findings, save. The htmx steps post the whole form and answer a fragment; nothing is stored before Save, which
 * goes through the same reader and service as {@code PUT /api/v1/integrations/{project}}.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConnectPageResource {

    /** What a preview shows: the request, pretty-printed, and what is doubtful or wrong with it. */
    public record PreviewView(String method, String path, String body, List<String> warnings, List<String> errors) {
    }

    @CheckedTemplate(basePath = "console/connect")
    static class Templates {
        static native TemplateInstance wizard(ConnectForm form, FormErrors errors, List<String> authTypes,
                List<String> fingerprints, String notice);

        static native TemplateInstance probe(JiraProbeService.Probe probe, List<JiraProbeService.ProjectSummary> projects,
                String projectKey, FormErrors errors);

        static native TemplateInstance screen(JiraProbeService.CreateScreens screens, String issueType,
                JiraProbeService.CreateScreen chosen, FormErrors errors);

        static native TemplateInstance preview(PreviewView preview, PreflightService.TestResult test, FormErrors errors);
    }

    private final ConsoleSession session;
    private final IntegrationService integrations;
    private final SettingsReader reader;
    private final PreflightService preflight;
    private final JiraProbeService probes;
    private final FingerprintService fingerprints;
    private final ObjectMapper json;

    ConnectPageResource(ConsoleSession session, IntegrationService integrations, SettingsReader reader,
            PreflightService preflight, JiraProbeService probes, FingerprintService fingerprints, ObjectMapper json) {
        this.session = session;
        this.integrations = integrations;
        this.reader = reader;
        this.preflight = preflight;
        this.probes = probes;
        this.fingerprints = fingerprints;
        this.json = json;
    }

    @Operation(hidden = true)
    @GET
    @Path("/connect")
    public TemplateInstance connect() {
        ConnectForm form = ConnectForm.blank(session.draft());
        return wizard(form, FormErrors.none(), null);
    }

    @Operation(hidden = true)
    @GET
    @Path("/integrations/{project}/edit")
    public Response edit(@PathParam("project") String project, @QueryParam("saved") boolean saved) {
        Optional<IntegrationSettings> stored = session.covers(project) ? integrations.get(project) : Optional.empty();
        if (stored.isEmpty()) {
            return Response.status(404).entity(wizard(ConnectForm.blank(Map.of("project", project)),
                    FormErrors.none().add("project", "no integration " + project + " that this session may see"),
                    null)).build();
        }
        ConnectForm form = ConnectForm.stored(project, stored.get(), session.draft());
        return Response.ok(wizard(form, FormErrors.none(), saved ? "Saved." : null)).build();
    }

    /** Step 1: the probe, and the projects the credentials see. */
    @Operation(hidden = true)
    @POST
    @Path("/connect/probe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance probe(MultivaluedMap<String, String> posted) {
        ConnectForm form = form(posted);
        try {
            JiraProbeService.Connection connection = form.connection(storedSecret(form));
            JiraProbeService.Probe probe = probes.probe(connection);
            return Templates.probe(probe, probes.projects(connection).projects(), form.value("projectKey"),
                    FormErrors.none());
        } catch (RuntimeException e) {
            return Templates.probe(null, List.of(), form.value("projectKey"), FormErrors.of(e, "jira."));
        }
    }

    /** Step 2 and 3: the project's issue types and the chosen one's create screen, required fields marked. */
    @Operation(hidden = true)
    @POST
    @Path("/connect/screen")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance screen(MultivaluedMap<String, String> posted) {
        ConnectForm form = form(posted);
        String issueType = form.value("issueType");
        try {
            JiraProbeService.CreateScreens screens = probes.createScreens(form.connection(storedSecret(form)),
                    form.value("projectKey").strip());
            JiraProbeService.CreateScreen chosen = screens.issueTypes().stream()
                    .filter(t -> t.name().equalsIgnoreCase(issueType)).findFirst()
                    .orElse(screens.issueTypes().isEmpty() ? null : screens.issueTypes().get(0));
            return Templates.screen(screens, chosen == null ? issueType : chosen.name(), chosen, FormErrors.none());
        } catch (RuntimeException e) {
            return Templates.screen(null, issueType, null, FormErrors.of(e, "jira."));
        }
    }

    /** Step 4: the exact create body for a real fingerprint and the test's findings, of the unsaved settings. */
    @Operation(hidden = true)
    @POST
    @Path("/connect/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance preview(MultivaluedMap<String, String> posted) {
        ConnectForm form = form(posted);
        FormErrors refused = allowed(form);
        if (refused.any()) {
            return Templates.preview(null, null, refused);
        }
        try {
            StoredIntegration draft = integrations.draft(form.project(), reader.read(settings(form)));
            String fingerprint = form.value("fingerprint").strip();
            PreviewView view = fingerprint.isEmpty() ? null : view(preflight.preview(draft, fingerprint));
            return Templates.preview(view, preflight.test(draft), FormErrors.none());
        } catch (RuntimeException e) {
            return Templates.preview(null, null, FormErrors.of(e, ""));
        }
    }

    /** Step 5: stores the settings as a PUT does; errors show the page again with everything typed. */
    @Operation(hidden = true)
    @POST
    @Path("/connect/save")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> posted) {
        ConnectForm form = form(posted);
        FormErrors errors = allowed(form);
        if (!errors.any()) {
            try {
                integrations.put(form.project(), reader.read(settings(form)));
                return Response.seeOther(URI.create("/console/integrations/" + form.project() + "/edit?saved=true"))
                        .build();
            } catch (RuntimeException e) {
                errors = FormErrors.of(e, "");
            }
        }
        return Response.status(400).entity(wizard(form, errors, null)).build();
    }

    private TemplateInstance wizard(ConnectForm form, FormErrors errors, String notice) {
        return Templates.wizard(form, errors, ConnectForm.AUTH_TYPES, recentFingerprints(form.project()), notice);
    }

    private List<String> recentFingerprints(String project) {
        if (project.isEmpty() || !project.matches(IntegrationResource.PROJECT_PATTERN) || !session.covers(project)) {
            return List.of();
        }
        return fingerprints.list(project, new FingerprintFilter(Set.of(), null, null), null, 20).items().stream()
                .map(FingerprintView::fingerprint).toList();
    }

    // The tracker project must be a valid name this session may change; editing keeps the one edited.
    private FormErrors allowed(ConnectForm form) {
        String project = form.project();
        if (!project.matches(IntegrationResource.PROJECT_PATTERN)) {
            return FormErrors.none().add("project", "must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        if (!session.covers(project)) {
            return FormErrors.none().add("project", "this session may not change project " + project);
        }
        return FormErrors.none();
    }

    private ConnectForm form(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        posted.forEach((name, list) -> values.put(name, list.isEmpty() ? "" : list.get(list.size() - 1)));
        boolean editing = "true".equals(values.get("editing"));
        Set<String> secrets = new HashSet<>();
        if (editing && session.covers(values.getOrDefault("project", ""))) {
            integrations.get(values.get("project")).ifPresent(s -> secrets.addAll(ConnectForm.storedSecrets(s)));
        }
        return ConnectForm.posted(values, secrets, editing);
    }

    private Optional<String> storedSecret(ConnectForm form) {
        if (!form.editing() || !session.covers(form.project())) {
            return Optional.empty();
        }
        return integrations.load(form.project()).flatMap(StoredIntegration::jiraSecret);
    }

    private JsonNode settings(ConnectForm form) {
        JsonNode base = form.editing() ? integrations.get(form.project()).<JsonNode> map(json::valueToTree).orElse(null)
                : null;
        return form.settings(base, json);
    }

    private PreviewView view(PreflightService.Preview p) {
        try {
            return new PreviewView(p.method(), p.path(), json.writerWithDefaultPrettyPrinter().writeValueAsString(p.body()),
                    p.warnings(), p.errors());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a preview body cannot be written as JSON", e);
        }
    }
}
