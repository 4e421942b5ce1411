package io.jirasync.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.jirasync.inbound.InboxService;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.dto.JiraWebhook;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * Jira's admin webhook of an integration ({@code /rest/webhooks/1.0/webhook}, Cloud and Server): registers it or
 * brings it up to date (found again by its URL or its name, never registered twice), and reports whether Jira has it
 * as jira-sync expects and when the inbox last saw a delivery. Where Jira refuses (not a Jira administrator), the
 * problem says what to set in Jira's admin pages; the secret's value is never part of an answer.
 */
@ApplicationScoped
public class JiraWebhookService {

    /** The events jira-sync applies. */
    static final List<String> EVENTS = List.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted");

    /** The webhook as jira-sync wants it ({@code url} null while {@code jira-sync.public-url} is unset). */
    public record Expected(@Schema(description = "The name jira-sync gives the webhook: jira-sync <project>.") String name,
            @Schema(description = "<jira-sync.public-url>/webhooks/jira/<project>; null while jira-sync.public-url is unset.") String url,
            @Schema(description = "The events jira-sync applies.") List<String> events,
            @Schema(description = "The JQL filter: project = <projectKey>.") String jql) {
    }

    /** The webhook as Jira shows it (its secret is never shown). */
    public record Registered(@Schema(description = "Jira's id of the webhook.") String id,
            @Schema(description = "The webhook's name in Jira.") String name,
            @Schema(description = "Where Jira sends the deliveries.") String url,
            @Schema(description = "The events Jira sends.") List<String> events,
            @Schema(description = "The JQL filter Jira applies.") String jql,
            @Schema(description = "Whether Jira has the webhook switched on.") Boolean enabled) {

        static Registered of(JiraWebhook w) {
            return new Registered(w.id(), w.name(), w.url(), w.events() == null ? List.of() : w.events(), w.jql(),
                    w.enabled());
        }
    }

    /**
     * The answer of {@code GET} and {@code POST}: {@code action} is {@code created}, {@code updated} or null (a GET);
     * {@code mismatches} names what differs ({@code url}, {@code events}, {@code jql}); {@code lastDeliveryAt} is the
     * newest delivery the inbox keeps for the integration.
     */
    public record Status(@Schema(description = "The integration's project.") String project,
            @Schema(description = "Whether Jira has a webhook with this URL (or name).") boolean registered,
            @Schema(description = "Whether Jira's webhook has the expected URL, events and JQL.") boolean matches,
            @Schema(description = "What differs from expected: url, events, jql.") List<String> mismatches,
            @Schema(description = "The webhook as Jira shows it; null when none.") Registered webhook,
            @Schema(description = "The webhook as jira-sync wants it.") Expected expected,
            @Schema(description = "Whether the integration has a webhookSecret (its value is never shown).") boolean secretSet,
            @Schema(description = "When the newest delivery the inbox keeps for the integration arrived; null when none.") Instant lastDeliveryAt,
            @Schema(description = "created or updated after a POST; null after a GET.") String action,
            @Schema(description = "Sentences about what cannot be checked or is unsafe.") List<String> warnings) {
    }

    private final IntegrationService integrations;
    private final JiraClient jira;
    private final InboxService inbox;
    private final Config config;

    JiraWebhookService(IntegrationService integrations, JiraClient jira, InboxService inbox, Config config) {
        this.integrations = integrations;
        this.jira = jira;
        this.inbox = inbox;
        this.config = config;
    }

    /** {@code jira-sync.public-url} without its trailing slashes, read when asked (a test learns its port late). */
    private Optional<String> publicUrl() {
        return config.getOptionalValue("jira-sync.public-url", String.class).map(String::trim)
                .filter(s -> !s.isEmpty()).map(s -> s.replaceAll("/+$", ""));
    }

    /** Whether Jira has the integration's webhook, whether it matches, and the last delivery seen. */
    public Status status(String project) {
        StoredIntegration integration = load(project);
        Expected expected = expected(integration);
        Optional<JiraWebhook> found = find(integration, expected, "read the webhooks");
        return status(integration, expected, found.orElse(null), null);
    }

    /** Registers the integration's webhook, or updates the one Jira has (same URL or name) to what it should be. */
    public Status register(String project) {
        StoredIntegration integration = load(project);
        Expected expected = expected(integration);
        if (expected.url() == null) {
            throw new ProblemException(new Problem("about:blank", "Public URL not set", 409, "jira-sync.public-url "
                    + "is not set: jira-sync cannot tell Jira where to send webhooks. Set it to the address Jira "
                    + "reaches this worker at (for example https://jira-sync.example.com), then POST again.",
                    List.of(new Problem.FieldError("jira-sync.public-url", "must be set"))));
        }
        Optional<JiraWebhook> found = find(integration, expected, "register the webhook");
        JiraWebhook wanted = new JiraWebhook(null, expected.name(), expected.url(), expected.events(),
                Map.of(JiraWebhook.JQL_FILTER, expected.jql()), false, true,
                integration.webhookSecret().orElse(null));
        try {
            JiraWebhook saved = found.isPresent() && found.get().id() != null
                    ? jira.updateWebhook(integration.site(), found.get().id(), wanted)
                    : jira.createWebhook(integration.site(), wanted);
            String action = found.isPresent() ? "updated" : "created";
            Log.infof("Jira webhook of project %s %s at %s (%s)", project, action, integration.settings().jira().url(),
                    expected.url());
            return status(integration, expected, saved.url() == null ? wanted : saved, action);
        } catch (JiraException e) {
            throw refused(integration, expected, e, "register the webhook");
        }
    }

    private StoredIntegration load(String project) {
        return integrations.load(project)
                .orElseThrow(() -> ProblemException.notFound("No integration for project " + project + "."));
    }

    private Expected expected(StoredIntegration integration) {
        String url = publicUrl().map(base -> base + "/webhooks/jira/" + integration.project()).orElse(null);
        return new Expected("jira-sync " + integration.project(), url, EVENTS,
                "project = " + integration.settings().projectKey());
    }

    /** The integration's webhook among Jira's: the one with the expected URL, else the one with its name. */
    private Optional<JiraWebhook> find(StoredIntegration integration, Expected expected, String what) {
        List<JiraWebhook> all;
        try {
            all = jira.webhooks(integration.site());
        } catch (JiraException e) {
            throw refused(integration, expected, e, what);
        }
        String path = "/webhooks/jira/" + integration.project();
        Optional<JiraWebhook> byUrl = all.stream().filter(w -> w.url() != null && (expected.url() != null
                ? sameUrl(w.url(), expected.url())
                : URI.create(w.url()).getPath().replaceAll("/+$", "").endsWith(path))).findFirst();
        return byUrl.isPresent() ? byUrl
                : all.stream().filter(w -> expected.name().equals(w.name())).findFirst();
    }

    private Status status(StoredIntegration integration, Expected expected, JiraWebhook webhook, String action) {
        List<String> mismatches = new ArrayList<>();
        if (webhook != null) {
            if (expected.url() != null && !sameUrl(webhook.url(), expected.url())) {
                mismatches.add("url");
            }
            if (webhook.events() == null || !Set.copyOf(webhook.events()).containsAll(expected.events())) {
                mismatches.add("events");
            }
            if (!sameJql(webhook.jql(), expected.jql())) {
                mismatches.add("jql");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (expected.url() == null) {
            warnings.add("jira-sync.public-url is not set: the webhook's URL cannot be checked, and POST cannot "
                    + "register it.");
        }
        if (integration.webhookSecret().isEmpty()) {
            warnings.add("The integration has no webhookSecret: deliveries are unsigned and only trigger a read "
                    + "from Jira. Set webhookSecret in the integration, then POST again.");
        }
        Instant last = inbox.lastReceived(integration.project()).orElse(null);
        return new Status(integration.project(), webhook != null, webhook != null && mismatches.isEmpty(),
                mismatches, webhook == null ? null : Registered.of(webhook), expected,
                integration.webhookSecret().isPresent(), last, action, warnings);
    }

    private static boolean sameUrl(String a, String b) {
        return a != null && a.replaceAll("/+$", "").equalsIgnoreCase(b.replaceAll("/+$", ""));
    }

    private static boolean sameJql(String a, String b) {
        return a != null && a.trim().replaceAll("\\s+", " ").equalsIgnoreCase(b);
    }

    /**
     * Jira's 401/403 as what to set by hand in Jira's admin pages (System, WebHooks); other failures as they are.
     */
    private static RuntimeException refused(StoredIntegration integration, Expected expected, JiraException e,
            String what) {
        if (e.kind() != JiraException.Kind.HTTP || (e.status() != 401 && e.status() != 403)) {
            return e;
        }
        String url = expected.url() != null ? expected.url()
                : "<jira-sync.public-url>/webhooks/jira/" + integration.project();
        String secret = integration.webhookSecret().isPresent()
                ? "the integration's webhookSecret (the value you put in the integration settings)"
                : "leave it empty, or set a secret there and the same value as the integration's webhookSecret";
        List<Problem.FieldError> errors = List.of(
                new Problem.FieldError("name", expected.name()),
                new Problem.FieldError("url", url),
                new Problem.FieldError("events", "Issue: created, updated, deleted ("
                        + String.join(", ", expected.events()) + ")"),
                new Problem.FieldError("jql", expected.jql()),
                new Problem.FieldError("secret", secret),
                new Problem.FieldError("excludeBody", "unticked (jira-sync reads the delivery's body)"));
        String detail = "Jira answered " + e.status() + " when jira-sync tried to " + what + " at "
                + integration.settings().jira().url() + ": only a Jira administrator can manage webhooks. Either "
                + "give the integration's Jira user the Jira administrator permission and POST again, or create the "
                + "webhook by hand in Jira (Settings > System > WebHooks > Create a WebHook) with: name \""
                + expected.name() + "\", URL " + url + ", events Issue created, updated and deleted, JQL \""
                + expected.jql() + "\", and as Secret " + secret + ".";
        return new ProblemException(new Problem("about:blank", "Jira refused the webhook registration", 422, detail,
                errors));
    }
}
