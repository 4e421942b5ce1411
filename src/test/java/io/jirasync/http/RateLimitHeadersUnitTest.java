package io.jirasync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jirasync.http.RateLimitHeaders.Scope;

/**
 * Every header family Jira Cloud documents for its limits, with and without the {@code Beta-} prefix, as the one
 * reader sees them. The values are those of Atlassian's rate-limiting page and of answers quoted on its developer
 * community (2026-03).
 */
class RateLimitHeadersUnitTest {

    private static final Instant NOW = Instant.parse("2026-03-26T16:25:28Z");

    private static RateLimitHeaders read(String... namesAndValues) {
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i].toLowerCase(Locale.ROOT), List.of(namesAndValues[i + 1]));
        }
        return RateLimitHeaders.read(headers, NOW);
    }

    @Test
    void retryAfterInSecondsAndAsAnHttpDateWithAndWithoutBeta() {
        assertEquals(Optional.of(NOW.plusSeconds(30)), read("Retry-After", "30").until(NOW));
        assertEquals(Optional.of(NOW.plusSeconds(30)), read("Beta-Retry-After", "30").until(NOW));
        assertEquals(Optional.of(Instant.parse("2026-03-26T16:27:00Z")),
                read("Retry-After", "Thu, 26 Mar 2026 16:27:00 GMT").until(NOW));
        assertEquals(Optional.of(Instant.parse("2026-03-26T16:27:00Z")),
                read("Beta-Retry-After", "Thu, 26 Mar 2026 16:27:00 GMT").until(NOW));
        // The final name wins over the beta one.
        assertEquals(Optional.of(NOW.plusSeconds(5)), read("Retry-After", "5", "Beta-Retry-After", "60").until(NOW));
    }

    @Test
    void xRateLimitHeaders() {
        RateLimitHeaders h = read("X-RateLimit-Limit", "350", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset",
                "2026-03-26T17:00Z", "X-RateLimit-NearLimit", "true");
        assertEquals(350, h.limit());
        assertEquals(0, h.remaining());
        assertTrue(h.nearLimit());
        assertEquals(Optional.of(Instant.parse("2026-03-26T17:00:00Z")), h.until(NOW));
        assertEquals(Optional.of(Instant.parse("2026-03-26T17:00:30Z")),
                read("X-RateLimit-Reset", "2026-03-26T17:00:30.000+00:00").resetAt());
        assertEquals(Optional.of(Instant.ofEpochSecond(1774544400)),
                read("X-RateLimit-Reset", "1774544400").resetAt());
        RateLimitHeaders beta = read("X-Beta-RateLimit-Reset", "2026-03-26T16:00Z", "X-Beta-RateLimit-NearLimit",
                "true");
        assertTrue(beta.nearLimit());
        assertEquals(Optional.of(Instant.parse("2026-03-26T16:00:00Z")), beta.resetAt());
        assertFalse(read().nearLimit());
        assertEquals(-1, read("X-RateLimit-Limit", "many").limit());
    }

    @Test
    void rateLimitReasonGivesTheScopeWithAndWithoutBeta() {
        assertEquals(Scope.QUOTA, read("RateLimit-Reason", "jira-quota-global-based").scope());
        assertEquals(Scope.QUOTA, read("RateLimit-Reason", "jira-quota-tenant-based").scope());
        assertEquals(Scope.QUOTA, read("Beta-RateLimit-Reason", "jira-quota-tenant-based").scope());
        assertEquals(Scope.QUOTA, read("X-Beta-RateLimit-Reason", "jira-quota-tenant-based").scope());
        assertEquals(Scope.PER_ISSUE, read("RateLimit-Reason", "jira-per-issue-on-write").scope());
        assertEquals(Scope.BURST, read("RateLimit-Reason", "jira-burst-based").scope());
        assertEquals(Scope.BURST, read().scope());
        assertEquals("jira-quota-global-based", read("RateLimit-Reason", " jira-quota-global-based ").reason());
    }

    @Test
    void rateLimitAndPolicyFieldsWithAndWithoutBeta() {
        for (String prefix : List.of("", "Beta-")) {
            RateLimitHeaders h = read(prefix + "RateLimit", "\"tenant-app-quota\";r=0;t=2788",
                    prefix + "RateLimit-Policy", "\"tenant-app-quota\";q=100100;w=3600");
            assertEquals(List.of(new RateLimitHeaders.State("tenant-app-quota", 0, 2788)), h.states(), prefix);
            assertEquals(List.of(new RateLimitHeaders.Policy("tenant-app-quota", 100100, 3600)), h.policies(),
                    prefix);
            assertEquals(Optional.of(NOW.plusSeconds(2788)), h.until(NOW), prefix);
        }
        RateLimitHeaders two = read("RateLimit", "\"burst\";r=5;t=1, \"global-app-quota\";r=0;t=600");
        assertEquals(Optional.of(NOW.plusSeconds(600)), two.until(NOW), "only the exhausted policy says when");
    }

    @Test
    void aQuotaWithOnlyItsPolicyWaitsItsWholeWindowAndABurstWithNothingSaysNothing() {
        assertEquals(Optional.of(NOW.plusSeconds(3600)), read("RateLimit-Reason", "jira-quota-global-based",
                "Beta-RateLimit-Policy", "\"global-app-quota\";q=65000;w=3600").until(NOW));
        assertEquals(Optional.empty(), read("RateLimit-Reason", "jira-burst-based", "RateLimit-Policy",
                "\"burst\";q=100;w=1").until(NOW));
    }

    @Test
    void retryAfterWinsOverTheOtherFamilies() {
        assertEquals(Optional.of(NOW.plusSeconds(7)), read("Retry-After", "7", "RateLimit", "\"q\";r=0;t=2788",
                "X-RateLimit-Reset", "2026-03-26T17:00Z").until(NOW));
        assertEquals(Optional.of(NOW.plusSeconds(2788)), read("RateLimit", "\"q\";r=0;t=2788",
                "X-RateLimit-Reset", "2026-03-26T17:00Z").until(NOW));
    }

    @Test
    void malformedValuesAreIgnored() {
        RateLimitHeaders h = read("Retry-After", "soon", "X-RateLimit-Reset", "tomorrow", "RateLimit", ";;,\"x\";r=a",
                "RateLimit-Policy", "garbage");
        assertEquals(Optional.empty(), h.until(NOW));
        assertEquals(Optional.empty(), h.resetAt());
    }
}
