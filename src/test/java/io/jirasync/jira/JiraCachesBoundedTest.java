package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.jira.SandboxJira.Flavour;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** What the Jira client keeps per site and per project stays within its configured sizes, metrics included. */
@QuarkusTest
@TestProfile(JiraCachesBoundedTest.SmallCaches.class)
class JiraCachesBoundedTest {

    /** Room for two sites and one project's create metadata. */
    public static class SmallCaches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.jira.site-cache-size", "2", "jira-sync.jira.createmeta-cache-size", "1");
        }
    }

    private static final String ISSUE_TYPES = "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes";

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    @Inject
    CreateMetaService createMeta;

    @BeforeEach
    void cloud() {
        SandboxJira.reset(sandbox, Flavour.CLOUD_V3);
    }

    @Test
    void sixSitesLeaveAtMostTwoCircuitBreakersInTheMetrics() {
        for (int i = 0; i < 6; i++) {
            JiraSite stranger = Flavour.CLOUD_V3.site(sandbox, "stranger-" + i + "@example.com", "no-such-token");
            assertThrows(JiraException.class, () -> client.myself(stranger));
        }
        long breakers = MetricsNameSitesByIdTest.metrics().lines()
                .filter(l -> l.startsWith("ft_circuitbreaker_state_current{") && l.contains("method=\"jira ")
                        && l.contains("state=\"closed\""))
                .count();
        assertTrue(breakers >= 1 && breakers <= 2, breakers + " circuit breakers are kept for 6 sites");
    }

    @Test
    void createMetadataOfMoreProjectsThanTheCacheHoldsIsFetchedAgain() {
        // Two users' views of DEMO are two entries of the cache, which holds one.
        JiraSite bot = Flavour.CLOUD_V3.site(sandbox);
        JiraSite ana = Flavour.CLOUD_V3.site(sandbox, "ana@example.com", SandboxJira.API_TOKEN);
        createMeta.createMeta(bot, "DEMO");
        createMeta.createMeta(ana, "DEMO");
        long fetched = SandboxJira.received(sandbox, ISSUE_TYPES);

        createMeta.createMeta(bot, "DEMO");
        createMeta.createMeta(ana, "DEMO");
        assertTrue(SandboxJira.received(sandbox, ISSUE_TYPES) > fetched, "a cache of one project kept two");
    }
}
