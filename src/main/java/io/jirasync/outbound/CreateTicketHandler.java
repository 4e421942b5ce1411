package io.jirasync.outbound;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IssueComposer;
import io.jirasync.integration.MarkerLabel;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.CreateMetaService;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.Jql;
import io.jirasync.jira.dto.CreatedIssue;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.jira.dto.SearchPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Opens the Jira ticket of a fingerprint, exactly once: when an earlier attempt may have reached Jira (its answer
 * was lost, or the worker died before linking), it first looks for the ticket carrying the fingerprint's marker
 * label and adopts it instead of creating another.
 */
@ApplicationScoped
public class CreateTicketHandler implements SyncTaskHandler {

    private final IntegrationService integrations;
    private final FingerprintService fingerprints;
    private final IssueComposer composer;
    private final CreateMetaService createMeta;
    private final JiraClient jira;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    CreateTicketHandler(IntegrationService integrations, FingerprintService fingerprints, IssueComposer composer,
            CreateMetaService createMeta, JiraClient jira, ObjectMapper json, MeterRegistry metrics) {
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.composer = composer;
        this.createMeta = createMeta;
        this.jira = jira;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.CREATE;
    }

    @Override
    public TaskOutcome run(SyncTask task) {
        Optional<StoredIntegration> found = integrations.load(task.project);
        if (found.isEmpty()) {
            return new TaskOutcome.Failed("The integration of project " + task.project + " was deleted.", null);
        }
        StoredIntegration integration = found.get();
        Optional<FingerprintView> fp = fingerprints.find(task.project, task.fingerprint);
        if (fp.isEmpty()) {
            return new TaskOutcome.Failed("Fingerprint " + task.fingerprint + " does not exist.", null);
        }
        if (fp.get().jira() != null) {
            return new TaskOutcome.Skipped("Already linked to " + fp.get().jira().key() + "; nothing created.",
                    fp.get().jira().key());
        }
        JiraSite site = integration.site();
        String marker = MarkerLabel.of(task.project, task.fingerprint);
        boolean markerOn = Boolean.TRUE.equals(integration.settings().markerLabel());
        if (markerOn && task.attempts > 1) {
            Optional<JiraIssue> existing = findByMarker(site, marker, payloadText(task, "replaces"));
            if (existing.isPresent()) {
                link(integration, task.fingerprint, existing.get().id(), existing.get().key(),
                        existing.get().statusName().orElse(null));
                return new TaskOutcome.Done("Adopted " + existing.get().key() + ", which carries this fingerprint's"
                        + " marker label " + marker + ": an earlier attempt had created it but its answer was lost.",
                        existing.get().key());
            }
        }
        IssueComposer.ComposedIssue issue = composer.compose(integration, fp.get(),
                createMeta.createMeta(site, integration.settings().projectKey()), extraDescription(task));
        if (!issue.sendable()) {
            return new TaskOutcome.Failed("Not sent to Jira: " + String.join("; ", issue.errors()) + ".", null);
        }
        CreatedIssue created;
        try {
            created = jira.createIssue(site, issue.body());
        } catch (JiraException e) {
            if (e.fieldRejected()) {
                // The project's screens may have changed since the metadata was cached.
                createMeta.invalidate(site, integration.settings().projectKey());
                String hint = issue.missingRequired().isEmpty() ? ""
                        : " " + String.join("; ", issue.missingRequired()) + ": add it to customFields.";
                return new TaskOutcome.Failed("Jira refused the ticket: " + e.errors().entrySet().stream()
                        .map(en -> en.getKey() + ": " + en.getValue()).collect(Collectors.joining("; "))
                        + (e.errorMessages().isEmpty() ? "" : "; " + String.join("; ", e.errorMessages())) + "."
                        + hint, e.status());
            }
            throw e;
        }
        link(integration, task.fingerprint, created.id(), created.key(), null);
        Counter.builder("jira_sync_tickets_created").tag("project", task.project)
                .description("Jira tickets jira-sync created, per tracker project").register(metrics).increment();
        String warnings = issue.warnings().isEmpty() ? "" : " Warnings: " + String.join("; ", issue.warnings()) + ".";
        return new TaskOutcome.Done("Created " + created.key() + "." + warnings, created.key());
    }

    /**
     * The ticket an earlier attempt created. A ticket that replaces an older one (regression, new-ticket policy)
     * shares its marker label: then only a newer ticket than the replaced one counts.
     */
    private Optional<JiraIssue> findByMarker(JiraSite site, String marker, String replaces) {
        if (replaces != null) {
            SearchPage page = jira.search(site, "labels = " + Jql.quote(marker) + " ORDER BY created DESC",
                    List.of("status", "labels"), 1, null);
            return page.issues().stream().findFirst().filter(i -> !replaces.equals(i.key()));
        }
        SearchPage page = jira.search(site, "labels = " + Jql.quote(marker) + " ORDER BY created ASC",
                List.of("status", "labels"), 2, null);
        return page.issues().stream().findFirst();
    }

    private void link(StoredIntegration integration, String fingerprint, String id, String key, String status) {
        fingerprints.linkJira(integration.project(), fingerprint,
                new JiraLink(id, key, integration.browseUrl(key), status));
    }

    private String extraDescription(SyncTask task) {
        return payloadText(task, "note");
    }

    private String payloadText(SyncTask task, String field) {
        try {
            JsonNode payload = json.readTree(task.payload == null ? "{}" : task.payload);
            return payload.path(field).isTextual() ? payload.path(field).asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
