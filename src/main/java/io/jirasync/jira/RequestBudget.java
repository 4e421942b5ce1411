package io.jirasync.jira;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
    public record Permit(long id) {
    }

    private final RequestBudgetRepository budget;
    private final JiraSiteIds siteIds;
    private final JiraConfig config;

    RequestBudget(RequestBudgetRepository budget, JiraSiteIds siteIds, JiraConfig config) {
        this.budget = budget;
        this.siteIds = siteIds;
        this.config = config;
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
            sleep(site, issueWait, deadline, "writes to " + writtenIssueKey);
        }
        while (true) {
            RequestBudgetRepository.Admission admission = QuarkusTransaction.requiringNew().call(() -> admit(key));
            if (admission.permit() != null) {
                return admission.permit();
            }
            sleep(site, admission.waitMillis(), deadline, "its request budget");
        }
    }

    /** Marks the request finished; it keeps counting for one more second. */
    public void release(Permit permit) {
        QuarkusTransaction.requiringNew().run(() -> budget.release(permit.id()));
    }

    /** Holds every replica's requests to the site until {@code until} (a 429/503 with a retry time). */
    public void pauseSite(JiraSite site, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> budget.pauseSite(siteIds.of(site), utc(until)));
        Log.infof("Jira at %s asked to wait; requests to it resume at %s", site.url(), until);
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

    private void sleep(JiraSite site, long millis, long deadline, String what) {
        if (millis <= 0) {
            return;
        }
        if (System.nanoTime() + Duration.ofMillis(millis).toNanos() > deadline) {
            throw JiraException.of(JiraException.Kind.RATE_LIMITED, "Jira at " + site.url() + " is rate-limited: "
                    + what + " allows the next request in " + Duration.ofMillis(millis).toSeconds()
                    + " s, beyond jira-sync.jira.budget.max-wait (" + config.budget().maxWait().toSeconds() + " s)",
                    null);
        }
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
