package io.jirasync.inbound;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.Jql;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.outbound.SyncLogService;
import io.jirasync.queue.Backoff;
import io.jirasync.queue.RetryPolicy;
import io.jirasync.queue.Stopping;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The inbox processor: applies stored webhook deliveries to their fingerprints. A delivery is a trigger: the
 * issue's current state is read from Jira, for a claimed batch's issues together (one search per 100 issues, see
 * {@link #prefetch}), and alone (one GET) for deletions and for issues the search did not return. Only a signed update's own
 * content is
 * used when Jira cannot be asked; an unsigned delivery or a deletion waits for Jira instead. Any number of replicas
 * may run it. A replica that stores a delivery wakes its own processor at once ({@link #wake()}); the period catches
 * the rest (retries, other replicas' deliveries).
 */
@ApplicationScoped
public class InboxJob {

    /** Issues read by one search: Jira's largest page of the search endpoints. */
    static final int SEARCH_CHUNK = 100;

    private final InboxService inbox;
    private final InboundApplier applier;
    private final IntegrationService integrations;
    private final JiraClient jira;
    private final SyncLogService syncLog;
    private final InboundConfig config;
    private final ObjectMapper json;
    private final RetryPolicy retries;
    private final Stopping stopping;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private ExecutorService waker;
    private ExecutorService appliers;

    InboxJob(InboxService inbox, InboundApplier applier, IntegrationService integrations, JiraClient jira,
            SyncLogService syncLog, InboundConfig config, ObjectMapper json, Stopping stopping) {
        this.stopping = stopping;
        this.inbox = inbox;
        this.applier = applier;
        this.integrations = integrations;
        this.jira = jira;
        this.syncLog = syncLog;
        this.config = config;
        this.json = json;
        this.retries = new RetryPolicy(config.maxAttempts(),
                new Backoff(config.backoffBase(), config.backoffMax(), Backoff.Jitter.EQUAL));
    }

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "inbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        waker = Executors.newSingleThreadExecutor(factory);
        appliers = config.parallelism() > 1
                ? Context.taskWrapping(Executors.newFixedThreadPool(config.parallelism(), factory))
                : null;
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
        if (appliers != null) {
            appliers.shutdownNow();
        }
    }

    @Scheduled(every = "{jira-sync.inbound.every}", delayed = "{jira-sync.inbound.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = InboundDisabled.class)
    void scheduled() {
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /**
     * Called when this replica has stored a delivery to apply: the inbox is drained now on the inbox thread
     * instead of at the next period (which remains for retries and for what other replicas store). Does nothing
     * when the inbound jobs are off. One drain at a time per replica; a wake during a drain makes it look again.
     */
    public void wake() {
        if (!config.enabled()) {
            return;
        }
        wanted.set(true);
        if (draining.compareAndSet(false, true)) {
            try {
                waker.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                draining.set(false);
            }
        }
    }

    /** Claims and applies batches until none is left; the caller has set {@code draining}. */
    private void drain() {
        try {
            do {
                wanted.set(false);
                while (stopping.round(this::processOnce, 0) > 0) {
                    Thread.onSpinWait();
                }
                draining.set(false);
            } while (wanted.get() && draining.compareAndSet(false, true));
        } catch (RuntimeException e) {
            draining.set(false);
            Log.errorf(e, "The inbox processor stopped a round; the next period or delivery starts it again");
        }
    }

    /**
     * Claims one batch of pending deliveries and applies them; returns how many were claimed. Deliveries of
     * different issues are applied side by side ({@code parallelism}), those of one issue one after another in
     * the claimed order (oldest first).
     */
    @WithSpan("job inbox")
    public int processOnce() {
        List<InboxService.Claimed> claimed = inbox.claim(config.batchSize(), config.lease());
        Map<String, Loaded> loaded = new HashMap<>();
        for (InboxService.Claimed delivery : claimed) {
            loaded.computeIfAbsent(delivery.project(), this::load);
        }
        Map<String, Prefetched> prefetched = prefetch(claimed, loaded);
        Map<String, List<InboxService.Claimed>> byIssue = new LinkedHashMap<>();
        for (InboxService.Claimed delivery : claimed) {
            byIssue.computeIfAbsent(delivery.project() + "\n" + (delivery.issueId() != null ? delivery.issueId()
                    : delivery.issueKey()), k -> new ArrayList<>()).add(delivery);
        }
        if (appliers == null || byIssue.size() < 2) {
            byIssue.values().forEach(deliveries -> processInOrder(deliveries, loaded, prefetched));
        } else {
            List<Future<?>> running = new ArrayList<>();
            for (List<InboxService.Claimed> deliveries : byIssue.values()) {
                running.add(appliers.submit(() -> processInOrder(deliveries, loaded, prefetched)));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while applying webhook deliveries", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Applying webhook deliveries failed", e.getCause());
                }
            }
        }
        return claimed.size();
    }

    /** An integration read once per batch, or why it could not be read (each of its deliveries then fails). */
    private record Loaded(Optional<StoredIntegration> integration, RuntimeException error) {
    }

    private Loaded load(String project) {
        try {
            return new Loaded(integrations.load(project), null);
        } catch (RuntimeException e) {
            return new Loaded(Optional.empty(), e);
        }
    }

    /**
     * The current state of the batch's issues, read together: per integration, one search
     * ({@code id in (...)}, Cloud {@code POST /search/jql}, Server {@code POST /search}) per {@value #SEARCH_CHUNK}
     * issues, instead of one GET per delivery. Deletions are not searched for: they are applied only after a 404
     * of their own GET. An issue the search does not return is then read alone (a GET, as before).
     */
    private Map<String, Prefetched> prefetch(List<InboxService.Claimed> claimed, Map<String, Loaded> loaded) {
        Map<String, java.util.Set<String>> wanted = new LinkedHashMap<>();
        for (InboxService.Claimed delivery : claimed) {
            Loaded integration = loaded.get(delivery.project());
            if (integration.error() == null && integration.integration().isPresent() && !deletion(delivery)) {
                wanted.computeIfAbsent(delivery.project(), p -> new java.util.LinkedHashSet<>()).add(idOrKey(delivery));
            }
        }
        Map<String, Prefetched> prefetched = new HashMap<>();
        wanted.forEach((project, issues) -> prefetched.put(project,
                search(loaded.get(project).integration().get(), new ArrayList<>(issues))));
        return prefetched;
    }

    private Prefetched search(StoredIntegration integration, List<String> issues) {
        Prefetched result = new Prefetched(new HashMap<>(), new HashMap<>());
        for (int from = 0; from < issues.size(); from += SEARCH_CHUNK) {
            List<String> chunk = issues.subList(from, Math.min(issues.size(), from + SEARCH_CHUNK));
            try {
                for (JiraIssue issue : jira.search(integration.site(), "id in " + Jql.quoteAll(chunk),
                        IssueSnapshot.FIELDS, chunk.size(), null).issues()) {
                    result.found().put(issue.id(), issue);
                    result.found().put(issue.key(), issue);
                }
            } catch (JiraException e) {
                if (e.kind() == JiraException.Kind.HTTP && e.status() == 400) {
                    // Jira refuses the whole query when one key no longer exists: each issue is read alone.
                    continue;
                }
                chunk.forEach(issue -> result.failed().put(issue, e));
            }
        }
        return result;
    }

    /** What the batch's searches found (by id and by key), and the issues whose search failed. */
    private record Prefetched(Map<String, JiraIssue> found, Map<String, JiraException> failed) {
    }

    private static boolean deletion(InboxService.Claimed delivery) {
        return "jira:issue_deleted".equals(delivery.eventType());
    }

    private static String idOrKey(InboxService.Claimed delivery) {
        return delivery.issueId() != null ? delivery.issueId() : delivery.issueKey();
    }

    private void processInOrder(List<InboxService.Claimed> deliveries, Map<String, Loaded> loaded,
            Map<String, Prefetched> prefetched) {
        for (InboxService.Claimed delivery : deliveries) {
            if (stopping.stopping()) {
                // Not begun: another replica (or this one after its restart) takes it at once, not after the lease.
                inbox.release(delivery.id());
                continue;
            }
            try {
                Loaded integration = loaded.get(delivery.project());
                if (integration.error() != null) {
                    throw integration.error();
                }
                process(delivery, integration.integration(), prefetched.get(delivery.project()));
            } catch (RuntimeException e) {
                failed(delivery, e);
            }
        }
    }

    private void process(InboxService.Claimed delivery, Optional<StoredIntegration> found, Prefetched prefetched) {
        if (found.isEmpty()) {
            inbox.finish(delivery.id(), DeliveryState.IGNORED, "The integration of project " + delivery.project()
                    + " was deleted.", "integration_deleted");
            return;
        }
        StoredIntegration integration = found.get();
        Read read = read(integration, delivery, prefetched);
        if (read == null) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            InboundApplier.Result result = applier.apply(integration, read.issue(), delivery.deliveryTimestamp(),
                    "webhook", read.note(), true);
            inbox.finish(delivery.id(), result.applied() ? DeliveryState.APPLIED : DeliveryState.IGNORED,
                    result.message(), result.reason());
        });
    }

    /** What a delivery makes the processor apply, and the sentence saying why (null when nothing needs saying). */
    private record Read(IssueSnapshot issue, String note) {
    }

    /**
     * The issue as Jira shows it now. A deletion is applied only once Jira answers 404 for the issue; a delivery's
     * own content only when it was signed and Jira cannot be asked. Null when the delivery waits for Jira (retried
     * later) or ends here.
     */
    private Read read(StoredIntegration integration, InboxService.Claimed delivery, Prefetched prefetched) {
        boolean deletion = deletion(delivery);
        String idOrKey = idOrKey(delivery);
        JiraIssue searched = prefetched == null ? null : prefetched.found().get(idOrKey);
        JiraException searchFailed = prefetched == null ? null : prefetched.failed().get(idOrKey);
        if (searched != null) {
            return new Read(IssueSnapshot.fromRest(searched, "Jira's current state"), null);
        }
        if (searchFailed != null) {
            return unread(delivery, searchFailed);
        }
        try {
            JiraIssue current = jira.issue(integration.site(), idOrKey, IssueSnapshot.FIELDS);
            return new Read(IssueSnapshot.fromRest(current, "Jira's current state"), deletion ? "Jira still shows "
                    + delivery.issueKey() + ": the deletion event is not applied." : null);
        } catch (JiraException e) {
            return unread(delivery, e);
        }
    }

    /** When Jira could not be asked (or answered 404): the deletion, the signed content, a wait, or the end. */
    private Read unread(InboxService.Claimed delivery, JiraException e) {
        boolean deletion = deletion(delivery);
        boolean absent = e.kind() == JiraException.Kind.HTTP && e.status() == 404;
        if (absent && deletion) {
            return new Read(IssueSnapshot.deleted(delivery.issueId(), delivery.issueKey()), null);
        }
        if (e.quotaResetsAt().isPresent()) {
            // Jira's quota is used up: the delivery waits for the reset, without using an attempt's backoff.
            Duration wait = Duration.between(java.time.Instant.now(), e.quotaResetsAt().get());
            inbox.retryLater(delivery.id(), e.getMessage(), wait.isNegative() ? Duration.ZERO : wait);
            return null;
        }
        if (delivery.signed() && !deletion) {
            return ownContent(delivery, e);
        }
        if (absent) {
            inbox.finish(delivery.id(), DeliveryState.IGNORED, "Jira answers 404 for " + delivery.issueKey()
                    + " and the delivery is unsigned: its own content is never applied.", "issue_not_found");
            return null;
        }
        retryOrGiveUp(delivery, "Waiting for Jira, which could not be asked for the current state of "
                + delivery.issueKey() + " (" + e.getMessage() + "): " + (deletion
                        ? "a deletion is applied only once Jira answers 404 for the issue."
                        : "the content of an unsigned delivery is never applied."),
                null);
        return null;
    }

    /** A signed update's own content (changelog over snapshot), for when Jira cannot be asked. */
    private Read ownContent(InboxService.Claimed delivery, JiraException e) {
        String note = "Jira could not be asked for the current state of " + delivery.issueKey() + " ("
                + e.getMessage() + "), so the signed delivery's own content was applied.";
        Log.warnf("Webhook %d for %s of project %s: %s", delivery.id(), delivery.issueKey(), delivery.project(), note);
        return new Read(IssueSnapshot.fromDelivery(parse(delivery.payload()), "the delivery's own content"), note);
    }

    private void failed(InboxService.Claimed delivery, RuntimeException e) {
        retryOrGiveUp(delivery, "Applying the delivery failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /** Another attempt after the backoff, or {@code failed} after the last; {@code cause} (or null) for the log. */
    private void retryOrGiveUp(InboxService.Claimed delivery, String reason, RuntimeException cause) {
        Optional<Duration> delay = retries.next(delivery.attempts());
        if (delay.isEmpty()) {
            Log.errorf(cause, "Webhook %d for %s of project %s set aside after %d attempts: %s", delivery.id(),
                    delivery.issueKey(), delivery.project(), delivery.attempts(), reason);
            inbox.finish(delivery.id(), DeliveryState.FAILED, reason, cause == null ? "jira_unreachable" : "error");
            syncLog.record(delivery.project(), null, null, "inbound", "webhook", "failed", reason + " (gave up after "
                    + delivery.attempts() + " attempts).", null, delivery.issueKey());
            return;
        }
        Log.warnf(cause, "Webhook %d for %s of project %s retried in %d ms: %s", delivery.id(), delivery.issueKey(),
                delivery.project(), delay.get().toMillis(), reason);
        inbox.retryLater(delivery.id(), reason, delay.get());
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("A stored delivery is not JSON", e);
        }
    }

    /** Skips the scheduled inbound jobs when {@code jira-sync.inbound.enabled} is false. */
    @ApplicationScoped
    public static class InboundDisabled implements Scheduled.SkipPredicate {
        private final InboundConfig config;

        InboundDisabled(InboundConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
