package io.jirasync.tracker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.outbound.OutboxService;
import io.jirasync.outbound.TaskKind;

/** Queues the notification of a fingerprint change applied from Jira, for the tracker's callback URL. */
@ApplicationScoped
public class TrackerNotifications {

    private final OutboxService outbox;
    private final TrackerConnectors connectors;
    private final ObjectMapper json;

    TrackerNotifications(OutboxService outbox, TrackerConnectors connectors, ObjectMapper json) {
        this.outbox = outbox;
        this.connectors = connectors;
        this.json = json;
    }

    /**
     * Queues a notify task carrying the fingerprint's new state, in the caller's transaction (so a rolled-back
     * change notifies nobody). The task calls the tracker's API when its connector has one, else the callback
     * URL. False when there is neither: trackers can poll {@code GET fingerprints?updatedSince=} instead.
     */
    @Transactional
    public boolean enqueue(StoredIntegration integration, FingerprintView after, List<String> changes, String source) {
        boolean api = connectors.api(integration.tracker().kindOrGeneric()).isPresent();
        if (!api && integration.tracker().callbackUrl() == null) {
            return false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", after.project());
        body.put("fingerprint", after.fingerprint());
        body.put("state", after.state());
        body.put("assignee", after.assignee());
        body.put("resolvedUntilVersion", after.resolvedUntilVersion());
        body.put("jira", after.jira());
        body.put("changes", changes);
        body.put("source", source);
        body.put("at", Instant.now().toString());
        try {
            outbox.enqueue(after.project(), after.fingerprint(), TaskKind.NOTIFY, json.writeValueAsString(body),
                    "Tell the tracker that " + String.join(", ", changes) + " changed in Jira.");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notification body cannot be written", e);
        }
        return true;
    }
}
