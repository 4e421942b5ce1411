package io.jirasync.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.inbound.ReconcileService;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Repairs missed tracker webhooks: for trackers whose API can list issues by last seen (Sentry, GlitchTip), reads
 * the issues seen since the stored cursor (minus {@code jira-sync.tracker.poll-overlap}) and stages each as its
 * webhook would have been, echoes of jira-sync's own writes left out. One replica per integration (the
 * reconciler's advisory lock and cursor table, source {@code tracker}).
 */
@ApplicationScoped
public class TrackerPollJob {

    /** One integration's poll: whether it ran here, the issues read and staged, and the error that stopped it. */
    public record Run(String project, boolean ran, int read, int staged, String error) {
    }

    private final IntegrationService integrations;
    private final TrackerConnectors connectors;
    private final TrackerApiCalls calls;
    private final TrackerIntake intake;
    private final ReconcileService state;
    private final TrackerConfig config;

    TrackerPollJob(IntegrationService integrations, TrackerConnectors connectors, TrackerApiCalls calls,
            TrackerIntake intake, ReconcileService state, TrackerConfig config) {
        this.integrations = integrations;
        this.connectors = connectors;
        this.calls = calls;
        this.intake = intake;
        this.state = state;
        this.config = config;
    }

    @Scheduled(every = "{jira-sync.tracker.poll-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        integrations.loadAll().forEach(this::poll);
    }

    /** Polls one integration's tracker now (not run when its tracker is not polled or another replica is at it). */
    public Run poll(String project) {
        return integrations.load(project).map(this::poll).orElse(new Run(project, false, 0, 0, "no integration"));
    }

    private Run poll(StoredIntegration integration) {
        Optional<TrackerApi> api = connectors.api(integration.tracker().kindOrGeneric());
        String token = integration.trackerToken().orElse(null);
        if (api.isEmpty() || token == null || integration.tracker().url() == null) {
            return new Run(integration.project(), false, 0, 0, null);
        }
        Optional<ReconcileService.Lock> lock = state.tryLock(integration.project(), ReconcileService.TRACKER);
        if (lock.isEmpty()) {
            return new Run(integration.project(), false, 0, 0, null);
        }
        try (ReconcileService.Lock held = lock.get()) {
            return run(integration, api.get(), token);
        }
    }

    private Run run(StoredIntegration integration, TrackerApi api, String token) {
        String project = integration.project();
        Instant cursor = state.cursor(project, ReconcileService.TRACKER).orElse(Instant.now());
        Instant since = cursor.minus(config.pollOverlap());
        TrackerApi.Call call = api.seenSince(integration.tracker(), token, since);
        if (call == null) {
            return new Run(project, false, 0, 0, null);
        }
        TrackerHttp.Answer answer = calls.send(integration.tracker(), call);
        if (answer.status() / 100 != 2) {
            String error = answer.status() == 0 ? firstNonNull(answer.refused(), answer.unreachable())
                    : api.name() + " answered HTTP " + answer.status() + " to the poll of " + call.what() + ".";
            state.failed(project, ReconcileService.TRACKER, cursor, error);
            Log.warnf("Tracker poll of %s failed: %s", project, error);
            return new Run(project, true, 0, 0, error);
        }
        List<TrackerReport.Fingerprint> issues = api.polled(answer.body(), Instant.now());
        int staged = 0;
        Instant newest = cursor;
        for (TrackerReport.Fingerprint issue : issues) {
            staged += intake.stageUnlessEcho(project, integration.tracker().kindOrGeneric(), issue).isEmpty() ? 1 : 0;
            newest = issue.seen().isAfter(newest) ? issue.seen() : newest;
        }
        state.save(project, ReconcileService.TRACKER, newest, issues.size());
        Log.infof("Tracker poll of %s: %d issues seen since %s, %d staged", project, issues.size(), since, staged);
        return new Run(project, true, issues.size(), staged, null);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
