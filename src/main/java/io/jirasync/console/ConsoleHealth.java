package io.jirasync.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.inbound.InboxService;
import io.jirasync.inbound.ReconcileService;
import io.jirasync.jira.RequestBudget;
import io.jirasync.outbound.OutboxService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the health page shows, gathered from the features' services (and, for 429s and pauses, the counters this
 * replica keeps for its metrics).
 */
@ApplicationScoped
public class ConsoleHealth {

    /** How far back the chart goes. */
    static final Duration CHART_SPAN = Duration.ofHours(3);

    /** A site's budget use with what this replica counted since it started. */
    public record Site(RequestBudget.SiteUse use, int limitPerMinute, long answered429, Map<String, Long> pauses) {
        /** Budget use of the last minute, in percent of what the site may get. */
        public long percent() {
            return limitPerMinute == 0 ? 0 : Math.round(100.0 * use.requestsLastMinute() / limitPerMinute);
        }
    }

    /** One integration's inbound side: its last webhook, its reconciliation. */
    public record Inbound(String project, Instant lastWebhook, ReconcileService.CursorState reconcile) {
    }

    /** The whole page. */
    public record Report(List<Site> sites, OutboxService.Backlog outbox, InboxService.Backlog inbox,
            List<Inbound> integrations, MinuteChart chart) {
    }

    private final RequestBudget budget;
    private final OutboxService outbox;
    private final InboxService inbox;
    private final ReconcileService reconcile;
    private final MeterRegistry registry;

    ConsoleHealth(RequestBudget budget, OutboxService outbox, InboxService inbox, ReconcileService reconcile,
            MeterRegistry registry) {
        this.budget = budget;
        this.outbox = outbox;
        this.inbox = inbox;
        this.reconcile = reconcile;
        this.registry = registry;
    }

    /** The report for these projects; sites only when {@code allSites} (a session not limited to some projects). */
    public Report report(List<String> projects, boolean allSites) {
        Instant now = Instant.now();
        Instant since = now.minus(CHART_SPAN);
        Map<String, Map<Long, Long>> series = new LinkedHashMap<>();
        series.put("tickets created", outbox.ticketsCreatedPerMinute(since.atOffset(ZoneOffset.UTC)));
        series.put("deliveries applied", inbox.appliedPerMinute(since));
        return new Report(allSites ? sites() : List.of(), outbox.backlog(), inbox.backlog(), inbound(projects),
                MinuteChart.of(now, (int) CHART_SPAN.toMinutes(), series));
    }

    private List<Site> sites() {
        int perMinute = budget.requestsPerSecond() * 60;
        return budget.uses().stream()
                .map(use -> new Site(use, perMinute, count("jira_sync_jira_responses", use.id(), "status", "429"),
                        pauses(use.id())))
                .toList();
    }

    private List<Inbound> inbound(List<String> projects) {
        Map<String, Instant> webhooks = inbox.lastReceived(projects);
        Map<String, ReconcileService.CursorState> cursors = new TreeMap<>();
        reconcile.states().forEach(c -> cursors.put(c.project(), c));
        return projects.stream().map(p -> new Inbound(p, webhooks.get(p), cursors.get(p))).toList();
    }

    private long count(String name, String site, String tag, String value) {
        return Math.round(registry.find(name).tag("site", site).tag(tag, value).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    private Map<String, Long> pauses(String site) {
        Map<String, Long> byReason = new TreeMap<>();
        registry.find("jira_sync_site_pauses").tag("site", site).counters().forEach(c -> byReason
                .merge(c.getId().getTag("reason"), Math.round(c.count()), Long::sum));
        return byReason;
    }
}
