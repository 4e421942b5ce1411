package io.jirasync.outbound;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;

/**
 * What a transition, assignment or comment task acts on: the integration, the fingerprint, its linked ticket and
 * the task's payload; or, when one of them is gone, the outcome that ends the task.
 *
 * @param stop non-null when the task cannot run; then the other components may be null
 */
record TicketTarget(StoredIntegration integration, FingerprintView fingerprint, String key, JsonNode payload,
        TaskOutcome stop) {

    /** Looks up the parts of a task, once per run. */
    @ApplicationScoped
    static class Finder {
        private final IntegrationService integrations;
        private final FingerprintService fingerprints;
        private final ObjectMapper json;

        Finder(IntegrationService integrations, FingerprintService fingerprints, ObjectMapper json) {
            this.integrations = integrations;
            this.fingerprints = fingerprints;
            this.json = json;
        }

        TicketTarget of(SyncTask task) {
            Optional<StoredIntegration> integration = integrations.load(task.project);
            if (integration.isEmpty()) {
                return stop(new TaskOutcome.Failed("The integration of project " + task.project + " was deleted.", null));
            }
            Optional<FingerprintView> fp = fingerprints.find(task.project, task.fingerprint);
            if (fp.isEmpty()) {
                return stop(new TaskOutcome.Failed("Fingerprint " + task.fingerprint + " does not exist.", null));
            }
            if (fp.get().jira() == null) {
                return stop(new TaskOutcome.Skipped("Fingerprint " + task.fingerprint
                        + " has no Jira ticket (its creation failed or it was unlinked); nothing sent.", null));
            }
            JsonNode payload;
            try {
                payload = json.readTree(task.payload == null ? "{}" : task.payload);
            } catch (IOException e) {
                return stop(new TaskOutcome.Failed("The task's payload is not JSON: " + e.getMessage(), null));
            }
            return new TicketTarget(integration.get(), fp.get(), fp.get().jira().key(), payload, null);
        }

        private static TicketTarget stop(TaskOutcome outcome) {
            return new TicketTarget(null, null, null, null, outcome);
        }
    }
}
