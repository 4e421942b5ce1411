package io.jirasync.jira;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The request budget per Jira site (URL and user, named by its {@link JiraSiteIds site id}), held in PostgreSQL so
 * that every replica shares it.
 * A request may start only while fewer than {@code requests-per-second} requests of the site are in flight or
 * finished less than a second ago. Because a request counts from before it leaves until a second after its
 * answer, Jira receives at most that many in any one-second window, however late a request leaves or slowly it
 * travels (a budget of evenly spaced slots cannot promise that: late senders bunch up). All times are the
 * database's, so replicas with skewed clocks agree.
 */
@ApplicationScoped
public class RequestBudget {

    /** A granted request; hand it back to {@link #release(Permit)} when its answer or failure is in. */
    public record Permit(long id, String site, long deadlineNanos) {

        /** The same permit, its caller's waiting to end by {@code deadlineNanos} ({@link System#nanoTime}). */
        Permit until(long deadline) {
            return new Permit(id, site, deadline);
        }
    }

    /** Why a site is paused: a burst 429, a quota 429 (tasks go back to the outbox), or a 503. */
    /**
     * A Jira site's use of its budget: requests admitted in the last minute (all replicas), and the pause or
     * slow-down in force, if any.
     */
    public record SiteUse(String id, String url, String principal, long requestsLastMinute, Instant pausedUntil,
            String pauseReason, boolean slowedDown) {
    }

    /** Every Jira site the worker knows, with its budget use now. */
    public List<SiteUse> uses() {
        return budget.uses();
    }

    /** Requests per second each site may get (all replicas together). */
    public int requestsPerSecond() {
        return config.budget().requestsPerSecond();
    }

    public enum PauseReason {
        BURST,
        QUOTA,
        SERVER;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    // Time the calling thread spent waiting for budgets since it last asked (see takeWaited()).
    private static final ThreadLocal<long[]> WAITED = ThreadLocal.withInitial(() -> new long[1]);

    private final RequestBudgetRepository budget;
    private final JiraSiteIds siteIds;
    private final JiraConfig config;
    private final RequestBudgetMetrics metrics;

    RequestBudget(RequestBudgetRepository budget, JiraSiteIds siteIds, JiraConfig config,
            RequestBudgetMetrics metrics) {
        this.budget = budget;
        this.siteIds = siteIds;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * How long the calling thread waited for budgets and pauses since the last call: what a caller subtracts to
     * learn its own latency (the dispatcher sizes its concurrency by it).
     */
    public static Duration takeWaited() {
        long[] waited = WAITED.get();
        Duration d = Duration.ofMillis(waited[0]);
        waited[0] = 0;
        return d;
    }

    /**
     * Blocks until this replica may send one request to the site; for a write to an issue, also until that issue's
     * write pause is over. Throws a RATE_LIMITED {@link JiraException} when that would take longer than
     * {@code jira-sync.jira.budget.max-wait}.
     */
    public Permit acquire(JiraSite site, String writtenIssueKey) {
        String key = siteIds.of(site);
        long deadline = System.nanoTime() + config.budget().maxWait().toNanos();
        if (writtenIssueKey != null) {
            long issueWait = QuarkusTransaction.requiringNew().call(() -> budget.issueWait(key, writtenIssueKey));
            sleep(site, key, issueWait, deadline, "writes to " + writtenIssueKey);
        }
        while (true) {
            RequestBudgetRepository.Admission admission = QuarkusTransaction.requiringNew().call(() -> admit(key));
            if (admission.permit() != null) {
                metrics.admitted(key);
                return admission.permit().until(deadline);
            }
            if (admission.pauseReason() != null) {
                Instant until = Instant.now().plusMillis(admission.waitMillis());
                PauseReason reason = reason(admission.pauseReason());
                metrics.paused(key, reason.label(), until, false);
                if (reason == PauseReason.QUOTA) {
                    throw quotaUsedUp(site, until, false);
                }
            }
            sleep(site, key, admission.waitMillis(), deadline, "its request budget");
        }
    }

    /**
     * Right before a request admitted earlier leaves: waits out a pause learnt of since, by this replica (another
     * request's 429 or 503 while this one waited its turn) or by another one (read from the database), or fails at
     * once for a quota pause; so that no request leaves after a 429 has come back and before its retry time. Its
     * waits and the admission's end by the same deadline ({@code max-wait} from the start of the admission).
     */
    public void awaitPause(JiraSite site, Permit permit) {
        String key = siteIds.of(site);
        long deadline = permit.deadlineNanos();
        for (RequestBudgetRepository.Pause pause = knownPause(key); pause != null; pause = knownPause(key)) {
            if (PauseReason.QUOTA.label().equals(pause.reason())) {
                throw quotaUsedUp(site, pause.until(), false);
            }
            sleep(site, key, Duration.between(Instant.now(), pause.until()).toMillis() + 1, deadline, "its pause");
        }
    }

    /** The pause this replica knows of, else the one another replica wrote down; null when the site is not paused. */
    private RequestBudgetRepository.Pause knownPause(String key) {
        Instant until = metrics.pausedUntil(key);
        if (until == null) {
            return budget.sitePause(key);
        }
        String reason = metrics.pausedFor(key, PauseReason.QUOTA.label()) ? PauseReason.QUOTA.label()
                : PauseReason.BURST.label();
        return new RequestBudgetRepository.Pause(until, reason);
    }

    /** Marks the request finished; it keeps counting for one more second. */
    public void release(Permit permit) {
        QuarkusTransaction.requiringNew().run(() -> budget.release(permit.id()));
        metrics.released(permit.site());
    }

    /**
     * Holds every replica's requests to the site until {@code until} (a 429/503 with a retry time); true when the
     * site was not paused before (the pause starts now).
     */
    public boolean pauseSite(JiraSite site, Instant until, PauseReason reason) {
        String key = siteIds.of(site);
        // Known here at once, before the database says so, for the requests of this replica already admitted.
        metrics.paused(key, reason.label(), until, false);
        boolean started = QuarkusTransaction.requiringNew()
                .call(() -> budget.pauseSite(key, utc(until), reason.label()));
        metrics.paused(key, reason.label(), until, started);
        if (started) {
            Log.infof("Jira site %s (%s) is paused (%s) until %s", key, site.url(), reason.label(), until);
        }
        return started;
    }

    /** The failure of a request that may not be sent because the site's quota is used up until {@code until}. */
    JiraException quotaUsedUp(JiraSite site, Instant until, boolean started) {
        return JiraException.quota("Jira at " + site.url() + " has used up its request quota; requests to it are "
                + "paused until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (RateLimit-Reason jira-quota-*), and the task waits until then without using an attempt",
                until, started);
    }

    private static PauseReason reason(String label) {
        for (PauseReason reason : PauseReason.values()) {
            if (reason.label().equals(label)) {
                return reason;
            }
        }
        return PauseReason.BURST;
    }

    /** Holds writes to one issue until {@code until}, leaving the rest of the site at full speed. */
    public void pauseIssueWrites(JiraSite site, String issueKey, Instant until) {
        String key = siteIds.of(site);
        QuarkusTransaction.requiringNew().run(() -> budget.pauseIssueWrites(key, issueKey, utc(until)));
        Log.infof("Jira at %s limits writes to issue %s; they resume at %s", site.url(), issueKey, until);
    }

    /** Halves the site's budget for a while, because Jira said it is close to rate-limiting us. */
    public void slowDown(JiraSite site) {
        QuarkusTransaction.requiringNew().run(() -> budget.slowDown(siteIds.of(site),
                config.budget().nearLimitSlowdown().toMillis()));
    }

    private RequestBudgetRepository.Admission admit(String key) {
        // A request counts from before it leaves until a second after its answer, however long it was in flight.
        long inFlightWindow = config.connectTimeout().plus(config.readTimeout()).plusSeconds(5).toMillis();
        int perSecond = config.budget().requestsPerSecond();
        return budget.admit(key, inFlightWindow, Math.max(1, perSecond), Math.max(1, perSecond / 2));
    }

    private void sleep(JiraSite site, String key, long millis, long deadline, String what) {
        if (millis <= 0) {
            return;
        }
        if (System.nanoTime() + Duration.ofMillis(millis).toNanos() > deadline) {
            throw JiraException.of(JiraException.Kind.RATE_LIMITED, "Jira at " + site.url() + " is rate-limited: "
                    + what + " allows the next request in " + Duration.ofMillis(millis).toSeconds()
                    + " s, beyond jira-sync.jira.budget.max-wait (" + config.budget().maxWait().toSeconds() + " s)",
                    null);
        }
        metrics.waited(key, millis);
        WAITED.get()[0] += millis;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JiraException.of(JiraException.Kind.UNREACHABLE, "Interrupted while waiting for " + what, e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
