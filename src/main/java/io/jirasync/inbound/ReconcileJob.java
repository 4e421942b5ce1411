package io.jirasync.inbound;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.Jql;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.jira.dto.SearchPage;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Repairs whatever lost webhooks missed: per integration, a JQL search for the project's issues updated since the
 * stored cursor (minus an overlap), every page, each issue applied through {@link InboundApplier}. One replica at
 * a time per integration (advisory lock).
 */
@ApplicationScoped
public class ReconcileJob {

    /** What one run of one integration did. */
    public record Run(String project, boolean ran, int seen, int changed, String jql, String error) {
    }

    private static final DateTimeFormatter JQL_MINUTE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final IntegrationService integrations;
    private final ReconcileService state;
    private final InboundApplier applier;
    private final JiraClient jira;
    private final JiraIdentity identity;
    private final InboundConfig config;
    private final InboundMetrics metrics;

    ReconcileJob(IntegrationService integrations, ReconcileService state, InboundApplier applier, JiraClient jira,
            JiraIdentity identity, InboundConfig config, InboundMetrics metrics) {
        this.metrics = metrics;
        this.integrations = integrations;
        this.state = state;
        this.applier = applier;
        this.jira = jira;
        this.identity = identity;
        this.config = config;
    }

    @Scheduled(every = "{jira-sync.inbound.reconcile-every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = InboxJob.InboundDisabled.class)
    void scheduled() {
        reconcileAll();
    }

    /** Reconciles every integration once. */
    @WithSpan("job reconcile")
    public java.util.List<Run> reconcileAll() {
        return integrations.loadAll().stream().map(this::reconcile).toList();
    }

    /** Reconciles one integration now, unless another replica is at it (then {@code ran} is false). */
    @WithSpan("job reconcile")
    public Run reconcile(String project) {
        return integrations.load(project).map(this::reconcile)
                .orElse(new Run(project, false, 0, 0, null, "no integration"));
    }

    private Run reconcile(StoredIntegration integration) {
        String project = integration.project();
        Optional<ReconcileService.Lock> lock = state.tryLock(project);
        if (lock.isEmpty()) {
            Log.debugf("Reconciliation of %s is running on another replica", project);
            return new Run(project, false, 0, 0, null, null);
        }
        // The lock is held for the run and given back whatever happens.
        ReconcileService.Lock held = lock.get();
        boolean ok = false;
        try {
            Run run = run(integration);
            ok = run.error() == null;
            return run;
        } finally {
            metrics.reconcileRun(ok);
            held.close();
        }
    }

    private Run run(StoredIntegration integration) {
        String project = integration.project();
        JiraSite site = integration.site();
        Instant cursor = state.cursor(project).orElseGet(() -> Instant.now().minus(config.reconcileLookback()));
        // JQL compares minutes in the Jira account's own time zone: write the start in that zone, rounded down.
        ZoneId zone = identity.timeZone(site);
        Instant since = cursor.minus(config.reconcileOverlap()).truncatedTo(ChronoUnit.MINUTES);
        String jql = "project = " + Jql.quote(integration.settings().projectKey()) + " AND updated >= "
                + Jql.quote(JQL_MINUTE.format(since.atZone(zone))) + " ORDER BY updated ASC";
        Instant newest = cursor;
        int seen = 0;
        int changed = 0;
        String next = null;
        try {
            do {
                SearchPage page = jira.search(site, jql, IssueSnapshot.FIELDS, config.reconcilePageSize(), next);
                for (JiraIssue found : page.issues()) {
                    IssueSnapshot issue = IssueSnapshot.fromRest(found, "a reconciliation search");
                    InboundApplier.Result result = QuarkusTransaction.requiringNew().call(
                            () -> applier.apply(integration, issue, null, "reconcile", null, false));
                    seen++;
                    if (result.changed()) {
                        // The watermark makes an issue a webhook already delivered unchanged here: no webhook had it.
                        metrics.missedDelivery(project);
                        changed++;
                    }
                    if (issue.updated() != null && issue.updated().isAfter(newest)) {
                        newest = issue.updated();
                    }
                }
                next = page.next();
            } while (next != null);
        } catch (JiraException e) {
            Log.warnf("Reconciliation of %s stopped after %d issues: %s", project, seen, e.getMessage());
            state.failed(project, cursor, e.getMessage());
            return new Run(project, true, seen, changed, jql, e.getMessage());
        }
        state.save(project, newest, seen);
        Log.infof("Reconciliation of %s: %d issues updated since %s, %d changed a fingerprint", project, seen, since,
                changed);
        return new Run(project, true, seen, changed, jql, null);
    }
}
