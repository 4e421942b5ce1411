package io.jirasync.outbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintChanged;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One-way sync, tracker to Jira: turns committed changes of a linked fingerprint's state and assignee into
 * transition and assign tasks (waiting ones collapse into the latest), and a regression into what the
 * integration's {@code onRegression} policy asks for: reopen with a comment, a comment only, or a new ticket.
 */
@ApplicationScoped
public class TrackerChangeObserver {

    private final IntegrationService integrations;
    private final FingerprintService fingerprints;
    private final OutboxService outbox;
    private final SyncLogService log;
    private final ObjectMapper json;

    TrackerChangeObserver(IntegrationService integrations, FingerprintService fingerprints, OutboxService outbox,
            SyncLogService log, ObjectMapper json) {
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.outbox = outbox;
        this.log = log;
        this.json = json;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) FingerprintChanged change) {
        try {
            // The change's own transaction has ended: the tasks get one of their own.
            QuarkusTransaction.requiringNew().run(() -> plan(change));
        } catch (RuntimeException e) {
            Log.errorf(e, "Fingerprint %s of project %s changed (%s) but no sync task could be queued",
                    change.fingerprint(), change.project(), change.changes());
        }
    }

    private void plan(FingerprintChanged change) {
        Optional<StoredIntegration> integration = integrations.load(change.project());
        if (integration.isEmpty()) {
            return;
        }
        IntegrationSettings settings = integration.get().settings();
        Optional<FingerprintView> fp = fingerprints.find(change.project(), change.fingerprint(), 0);
        if (fp.isEmpty()) {
            return;
        }
        String project = change.project();
        String fingerprint = change.fingerprint();
        if (change.isRegression()) {
            if (fp.get().jira() != null && settings.sync().outbound().state()) {
                regression(integration.get(), fp.get(), change);
            }
            return;
        }
        // A ticket on its way counts as linked: the claim order runs these tasks after its create.
        boolean linked = fp.get().jira() != null || outbox.openCreate(project, fingerprint).isPresent();
        if (!linked) {
            return;
        }
        if (change.changes().contains(FingerprintChanged.Change.STATE) && settings.sync().outbound().state()) {
            outbox.enqueueLatest(project, fingerprint, TaskKind.TRANSITION, payload("state", change.state().wire()),
                    "The tracker set the state to " + change.state().wire() + ".");
        }
        if (change.changes().contains(FingerprintChanged.Change.ASSIGNEE) && settings.sync().outbound().assignee()) {
            outbox.enqueueLatest(project, fingerprint, TaskKind.ASSIGN, payload("assignee", change.assignee()),
                    change.assignee() == null ? "The tracker removed the assignee."
                            : "The tracker assigned " + change.assignee() + ".");
        }
    }

    private void regression(StoredIntegration integration, FingerprintView fp, FingerprintChanged change) {
        String project = change.project();
        String fingerprint = change.fingerprint();
        String key = fp.jira().key();
        String seen = "came back in version " + change.regressionVersion() + " after it was resolved"
                + (fp.resolvedUntilVersion() == null ? "" : " until " + fp.resolvedUntilVersion()) + "; "
                + change.eventCount() + " events seen in all.";
        switch (integration.settings().onRegression()) {
            case "comment" ->
                outbox.enqueue(project, fingerprint, TaskKind.COMMENT, payload("text", "Regression: this error " + seen),
                        "Regression in version " + change.regressionVersion() + ": comment on " + key
                                + " (onRegression: comment).");
            case "new-ticket" -> {
                fingerprints.unlinkJira(project, fingerprint);
                log.record(project, fingerprint, null, "outbound", "unlink", "done", "Regression in version "
                        + change.regressionVersion() + ": unlinked from " + key
                        + " to open a new ticket (onRegression: new-ticket); " + key + " stays in Jira.", null, key);
                Map<String, String> body = new LinkedHashMap<>();
                body.put("note", "This error " + seen + " It was tracked before in " + key + " (" + fp.jira().url() + ").");
                body.put("replaces", key);
                outbox.enqueueCreate(project, fingerprint, json(body), "Regression in version "
                        + change.regressionVersion() + ": a new ticket replaces " + key + " (onRegression: new-ticket).");
            }
            default -> {
                outbox.enqueueLatest(project, fingerprint, TaskKind.TRANSITION, payload("state", "open"),
                        "Regression in version " + change.regressionVersion() + ": reopen " + key + ".");
                outbox.enqueue(project, fingerprint, TaskKind.COMMENT, payload("text", "Regression: this error " + seen),
                        "Regression in version " + change.regressionVersion() + ": say so on " + key + ".");
            }
        }
    }

    private String payload(String field, String value) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(field, value);
        return json(body);
    }

    private String json(Map<String, String> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }
}
