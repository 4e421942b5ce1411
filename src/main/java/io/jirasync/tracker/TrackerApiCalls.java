package io.jirasync.tracker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.outbound.JiraWriteLedger;
import io.jirasync.outbound.SyncTask;
import io.jirasync.outbound.TaskOutcome;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A notify task sent to a tracker's API: the connector says what to send, this sends it. What it writes is kept in
 * the write ledger (side {@code tracker}) before the call, so the tracker's webhook reporting it back, which may
 * arrive before the answer, is recognised as jira-sync's own. An assignee the tracker does not know is reported in
 * the sync-log sentence and left out, never guessed.
 */
@ApplicationScoped
public class TrackerApiCalls {

    private final TrackerHttp http;
    private final JiraWriteLedger ledger;
    private final ObjectMapper json;

    TrackerApiCalls(TrackerHttp http, JiraWriteLedger ledger, ObjectMapper json) {
        this.http = http;
        this.ledger = ledger;
        this.json = json;
    }

    /** Sends the task's change to the tracker's API. */
    public TaskOutcome run(SyncTask task, StoredIntegration integration, TrackerApi api) {
        IntegrationSettings.Tracker tracker = integration.tracker();
        String token = integration.trackerToken().orElse(null);
        if (tracker.url() == null || token == null) {
            return new TaskOutcome.Failed("The " + api.name() + " connector needs tracker.url and tracker.token to"
                    + " update the tracker; nothing sent.", null);
        }
        TrackerApi.Change change = change(task);
        TrackerApi.Call call = api.update(change, tracker, token);
        if (call == null) {
            return new TaskOutcome.Skipped(api.name() + "'s API takes none of these changes (" + String.join(", ",
                    change.changes()) + "); nothing sent.", null);
        }
        TrackerHttp.Answer answer = send(task, integration, change, call);
        if (answer.status() / 100 == 4 && api.unknownAssignee(call, answer.status(), answer.body())) {
            String unknown = " " + api.name() + " knows no user '" + change.assignee()
                    + "': the assignee was not changed there.";
            TrackerApi.Call without = api.update(change.withoutAssignee(), tracker, token);
            if (without == null) {
                return new TaskOutcome.Skipped(unknown.strip(), null);
            }
            TaskOutcome outcome = NotifyTrackerHandler.outcome(send(task, integration, change, without),
                    without.what(), api.name() + " update");
            return outcome instanceof TaskOutcome.Done done ? new TaskOutcome.Done(done.message() + unknown, null)
                    : outcome;
        }
        return NotifyTrackerHandler.outcome(answer, call.what(), api.name() + " update");
    }

    /** Sends one call, its writes ledgered first. */
    public TrackerHttp.Answer send(SyncTask task, StoredIntegration integration, TrackerApi.Change change,
            TrackerApi.Call call) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (call.echoState() != null) {
                ledger.recordWrite(JiraWriteLedger.Side.TRACKER, task.project, task.fingerprint, change.fingerprint(),
                        JiraWriteLedger.Field.STATUS, call.echoState());
            }
            if (call.setsAssignee()) {
                ledger.recordWrite(JiraWriteLedger.Side.TRACKER, task.project, task.fingerprint, change.fingerprint(),
                        JiraWriteLedger.Field.ASSIGNEE, change.assignee());
            }
        });
        return send(integration.tracker(), call);
    }

    /** Sends one call to the tracker at {@code tracker.url} (also for {@code test}). */
    public TrackerHttp.Answer send(IntegrationSettings.Tracker tracker, TrackerApi.Call call) {
        URI url = URI.create(tracker.url().replaceAll("/+$", "") + call.path());
        return http.send(tracker.kindOrGeneric(), call.method(), url, call.headers(),
                call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8));
    }

    private TrackerApi.Change change(SyncTask task) {
        try {
            JsonNode body = json.readTree(task.payload);
            List<String> changes = new ArrayList<>();
            body.path("changes").forEach(c -> changes.add(c.asText()));
            return new TrackerApi.Change(body.path("fingerprint").asText(), body.path("state").asText(),
                    text(body.path("assignee")), text(body.path("resolvedUntilVersion")), changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notify task's body cannot be read", e);
        }
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
