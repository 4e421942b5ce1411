package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.jira.SandboxJira.Flavour;
import io.jirasync.jira.dto.IssueFields;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SmallRye annotations on {@link JiraClient} take effect (a client built by hand would ignore them): the
 * sandbox's request counters show what was retried and what was not.
 */
@QuarkusTest
class JiraFaultToleranceTest {

    private static final String MYSELF = "GET /rest/api/3/myself";

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    @Inject
    RecordedJiraRequests recorded;

    private JiraSite site;

    @BeforeEach
    void cloud() {
        SandboxJira.reset(sandbox, Flavour.CLOUD_V3);
        site = Flavour.CLOUD_V3.site(sandbox);
        recorded.clear();
    }

    @Test
    void a429WithRetryAfter2IsRetriedNoSoonerThanTwoSeconds() {
        // Every second request is refused with 429 and Retry-After: 2; the first call passes.
        SandboxJira.configure(sandbox, Map.of("failureShare", 0.5, "failureStatus", 429, "retryAfterSeconds", 2));
        client.myself(site);
        client.myself(site);

        assertEquals(3, SandboxJira.received(sandbox, MYSELF));
        assertEquals(1, SandboxJira.answered(sandbox, 429));
        List<RecordedJiraRequests.Sent> sent = recorded.all();
        Duration gap = Duration.between(sent.get(1).at(), sent.get(2).at());
        assertTrue(gap.toMillis() >= 2000, "retried after " + gap.toMillis() + " ms");
    }

    @Test
    void aSiteWide429HalvesTheBudgetForAWhile() throws Exception {
        // Carla's credential is a site of its own, so the halved budget holds back no other test.
        JiraSite carla = Flavour.CLOUD_V3.site(sandbox, "carla@example.com", SandboxJira.API_TOKEN);
        SandboxJira.configure(sandbox, Map.of("failureShare", 0.5, "failureStatus", 429, "retryAfterSeconds", 1));
        client.myself(carla);
        client.myself(carla);
        assertEquals(1, SandboxJira.answered(sandbox, 429));
        SandboxJira.configure(sandbox, Map.of("failureShare", 0.0));
        Thread.sleep(1100); // the requests above no longer count in the budget's one-second window

        recorded.clear();
        for (int call = 0; call < 10; call++) {
            client.myself(carla);
        }
        // The budget is 10/s; halved, the sixth request waits until a second after the first one's answer.
        List<RecordedJiraRequests.Sent> sent = recorded.all();
        assertEquals(10, sent.size());
        Duration firstToSixth = Duration.between(sent.get(0).at(), sent.get(5).at());
        assertTrue(firstToSixth.toMillis() >= 1000, "6 requests within " + firstToSixth.toMillis() + " ms");
    }

    @Test
    void a400IsNotRetried() {
        Map<String, Object> noTeam = new HashMap<>(Map.of("project", Map.of("key", "DEMO"),
                "issuetype", Map.of("name", "Bug"), "summary", "No team"));
        JiraException e = assertThrows(JiraException.class, () -> client.createIssue(site, IssueFields.of(noTeam)));
        assertEquals(400, e.status());
        assertEquals(1, SandboxJira.received(sandbox, "POST /rest/api/3/issue"));
    }

    @Test
    void a503IsRetriedAndTheSecondAttemptSucceeds() {
        // The sandbox fails exactly every second request: the first call passes, the second call's first attempt fails.
        SandboxJira.configure(sandbox, Map.of("failureShare", 0.5, "failureStatus", 503));
        client.myself(site);
        assertEquals("jira-sync bot", client.myself(site).displayName());
        assertEquals(3, SandboxJira.received(sandbox, MYSELF));
        assertEquals(1, SandboxJira.answered(sandbox, 503));
    }

    @Test
    void aCreateThatMayHaveReachedJiraIsNotRepeatedButOneRefusedWith503Is() {
        SandboxJira.configure(sandbox, Map.of("failureShare", 1.0, "failureStatus", 500));
        JiraException e = assertThrows(JiraException.class, () -> client.createIssue(site, IssueFields.of(bug("x"))));
        assertEquals(500, e.status());
        assertTrue(e.unsafeToRepeat());
        assertEquals(1, SandboxJira.received(sandbox, "POST /rest/api/3/issue"), "a 500 create was repeated");

        SandboxJira.configure(sandbox, Map.of("failureShare", 0.5, "failureStatus", 503));
        client.myself(site);
        assertEquals("DEMO-1", client.createIssue(site, IssueFields.of(bug("y"))).key());
        assertEquals(3, SandboxJira.received(sandbox, "POST /rest/api/3/issue"), "the 503 create was not retried");
    }

    @Test
    void perIssueWriteLimitsHoldOnlyThatIssue() throws Exception {
        // Ben's credential is a budget of its own, so earlier tests' requests do not hold this one back.
        JiraSite site = Flavour.CLOUD_V3.site(sandbox, "ben@example.com", SandboxJira.API_TOKEN);
        String first = client.createIssue(site, IssueFields.of(bug("One"))).key();
        String second = client.createIssue(site, IssueFields.of(bug("Two"))).key();
        SandboxJira.configure(sandbox, Map.of("writesPerIssuePerSecond", 1));
        // Two writes to the first issue back to back, so the second one meets the limit however slow the machine.
        CompletableFuture<Instant> limited = CompletableFuture.supplyAsync(() -> {
            client.editIssue(site, first, IssueFields.of(Map.of("summary", "One, edited")));
            client.editIssue(site, first, IssueFields.of(Map.of("summary", "One, edited again")));
            return Instant.now();
        });
        Thread.sleep(300);
        client.editIssue(site, second, IssueFields.of(Map.of("summary", "Two, edited")));
        Instant other = Instant.now();
        assertTrue(other.isBefore(limited.get()), "the write to the other issue waited for " + first);
        assertEquals(1, SandboxJira.answered(sandbox, 429));
        assertEquals("One, edited again", client.issue(site, first, List.of("summary")).field("summary")
                .orElseThrow().asText());
    }

    @Test
    void aSiteThatKeepsFailingOpensItsOwnCircuitBreaker() {
        // Ana's credential is a site of its own, so the open breaker does not stop the other tests' bot site.
        JiraSite ana = Flavour.CLOUD_V3.site(sandbox, "ana@example.com", SandboxJira.API_TOKEN);
        SandboxJira.configure(sandbox, Map.of("failForSeconds", 60, "failureStatus", 500));
        for (int call = 0; call < 2; call++) {
            JiraException e = assertThrows(JiraException.class, () -> client.myself(ana));
            assertEquals(500, e.status());
        }
        long sent = SandboxJira.received(sandbox, MYSELF);
        assertEquals(10, sent, "each call is tried 5 times");
        JiraException open = assertThrows(JiraException.class, () -> client.myself(ana));
        assertEquals(JiraException.Kind.CIRCUIT_OPEN, open.kind());
        assertEquals(sent, SandboxJira.received(sandbox, MYSELF), "an open breaker sends nothing");

        SandboxJira.configure(sandbox, Map.of("failForSeconds", 0));
        assertEquals("jira-sync bot", client.myself(site).displayName());
    }

    private static Map<String, Object> bug(String summary) {
        return Map.of("project", Map.of("key", "DEMO"), "issuetype", Map.of("name", "Bug"), "summary", summary,
                "customfield_10010", Map.of("value", "Backend"));
    }
}
