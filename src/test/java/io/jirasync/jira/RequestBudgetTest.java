package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RequestBudgetTest {

    @Inject
    RequestBudget budget;

    @Inject
    JiraSiteIds siteIds;

    @Inject
    DataSource dataSource;

    private static JiraSite freshSite() {
        return JiraSite.cloud("https://budget-" + UUID.randomUUID() + ".example.com", "bot@acme.com", "token");
    }

    @Test
    void concurrentCallersTogetherKeepToTenRequestsPerSecond() throws Exception {
        JiraSite site = freshSite();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    RequestBudget.Permit permit = budget.acquire(site, null);
                    grants.add(System.nanoTime());
                    budget.release(permit);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long first = Collections.min(grants);
        long last = Collections.max(grants);
        // The 11th request may start only a second after the first one finished, however the 4 threads interleave.
        assertTrue(Duration.ofNanos(last - first).toMillis() >= 1000,
                "20 grants within " + Duration.ofNanos(last - first).toMillis() + " ms");
        assertEquals(20, rows("SELECT count(*) FROM jira_request_log WHERE site_key = '" + siteIds.of(site) + "'"));
        assertEquals(0, rows("SELECT count(*) FROM jira_request_log WHERE site_key = '" + siteIds.of(site)
                + "' AND finished_at IS NULL"));
    }

    @Test
    void aRetryAfterPauseHoldsTheNextRequest() {
        JiraSite site = freshSite();
        Instant until = Instant.now().plusMillis(1500);
        budget.pauseSite(site, until, RequestBudget.PauseReason.BURST);
        budget.release(budget.acquire(site, null));
        assertTrue(!Instant.now().isBefore(until), "granted before the pause ended");
    }

    @Test
    void aPauseLongerThanTheMaximumWaitFailsAtOnceAsRateLimited() {
        JiraSite site = freshSite();
        budget.pauseSite(site, Instant.now().plusSeconds(600), RequestBudget.PauseReason.BURST);
        JiraException e = assertThrows(JiraException.class, () -> budget.acquire(site, null));
        assertEquals(JiraException.Kind.RATE_LIMITED, e.kind());
        assertTrue(e.getMessage().contains("jira-sync.jira.budget.max-wait"), e.getMessage());
    }

    @Test
    void aPerIssueWritePauseHoldsOnlyWritesToThatIssue() throws Exception {
        JiraSite site = freshSite();
        Instant until = Instant.now().plusMillis(1500);
        budget.pauseIssueWrites(site, "OPS-1", until);
        long start = System.nanoTime();
        budget.release(budget.acquire(site, "OPS-2"));
        budget.release(budget.acquire(site, null));
        long others = System.nanoTime();
        budget.release(budget.acquire(site, "OPS-1"));
        Instant paused = Instant.now();
        assertTrue(Duration.ofNanos(others - start).toMillis() < 1000, "other issues were held back");
        assertTrue(!paused.isBefore(until), "OPS-1 was not held back");
        assertEquals(1, rows("SELECT count(*) FROM jira_issue_write_pause WHERE site_key = '" + siteIds.of(site)
                + "' AND issue_key = 'OPS-1'"));
    }

    @Test
    void aSiteIdNamesUrlAndUserButShowsNeitherNorAnythingOfTheCredential() throws Exception {
        String host = "ids-" + UUID.randomUUID() + ".atlassian.net";
        JiraSite site = JiraSite.cloud("https://" + host.toUpperCase(java.util.Locale.ROOT) + "/", "bot@acme.com",
                "s3cr3t-token");
        String id = siteIds.of(site);

        assertTrue(id.matches("site-[0-9a-f]{12}"), id);
        assertEquals(id, siteIds.of(JiraSite.cloud("https://" + host, "bot@acme.com", "another-token")),
                "Jira counts requests per user, whatever the token");
        assertTrue(!id.equals(siteIds.of(JiraSite.cloud("https://" + host, "carla@acme.com", "s3cr3t-token"))),
                "another user is another site");
        assertEquals(1, rows("SELECT count(*) FROM jira_site WHERE id = '" + id + "' AND url = 'https://" + host
                + "' AND principal = 'bot@acme.com' AND auth_type = 'BASIC'"));
        assertEquals(0, rows("SELECT count(*) FROM jira_site WHERE url || principal LIKE '%s3cr3t%'"));
    }

    private long rows(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
