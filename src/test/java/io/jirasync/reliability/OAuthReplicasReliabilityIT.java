package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code oauth-3lo} with two replicas, each a packaged worker of its own on one database: the sandbox's access tokens
 * live one second, so both replicas renew again and again while they create tickets together, often at the same
 * moment. Atlassian rotates the refresh token on every use and refuses a used one ({@code invalid_grant}); the
 * replicas take turns through the token row's lock, so no refresh is refused, no request meets an expired token,
 * and every fingerprint gets exactly one ticket.
 */
class OAuthReplicasReliabilityIT {

    private static final Logger LOG = Logger.getLogger(OAuthReplicasReliabilityIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "oauth-replicas";
    private static final int FINGERPRINTS = 150;
    private static final int TOKEN_SECONDS = 1;

    @Test
    void twoReplicasRenewingTogetherNeverUseARefreshTokenTwice() throws Exception {
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/oauth"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            String site = jira.url() + "/sandbox/jira";
            cluster.sandbox(jira, "{\"requestsPerSecond\": 20}");
            expect(cluster.call("POST", site + "/_control/atlassian/reset", null, null), 200);
            expect(cluster.call("PATCH", site + "/_control/atlassian", null,
                    "{\"accessTokenSeconds\": " + TOKEN_SECONDS + "}"), 200);
            Map<String, String> atlassian = Map.of("JIRA_SYNC_JIRA_ATLASSIAN_API_URL", site,
                    "JIRA_SYNC_JIRA_ATLASSIAN_AUTH_URL", site);
            Cluster.Node a = cluster.worker("replica-a", 20, atlassian).start();
            Cluster.Node b = cluster.worker("replica-b", 20, atlassian).start();
            String code = JSON.readTree(expect(cluster.call("POST", site + "/_control/atlassian/codes", null, null), 200)
                    .body()).path("code").asText();
            expect(cluster.call("PUT", a.url() + "/api/v1/integrations/" + PROJECT, Cluster.ADMIN, """
                    {"jira": {"url": "%s", "auth": {"type": "oauth-3lo", "clientId": "sandbox-3lo-client-replicas",
                              "clientSecret": "sandbox-3lo-secret", "code": "%s",
                              "redirectUri": "https://jira-sync.example.com/oauth/callback"}},
                     "projectKey": "DEMO", "rules": {"autoCreate": true, "minEvents": 1},
                     "customFields": [{"field": "Team", "value": "backend"}], "allowUnsignedWebhooks": true}"""
                    .formatted(site, code)), 201);
            expect(cluster.call("DELETE", site + "/_control/counters", null, null), 204);

            long began = System.nanoTime();
            List<String> fingerprints = Tickets.fingerprints("oauth-", FINGERPRINTS);
            cluster.ingest(a, PROJECT, fingerprints.subList(0, FINGERPRINTS / 2));
            cluster.ingest(b, PROJECT, fingerprints.subList(FINGERPRINTS / 2, FINGERPRINTS));
            long linked = Tickets.awaitLinked(cluster, PROJECT, FINGERPRINTS, 180_000);
            double seconds = (System.nanoTime() - began) / 1e9;

            JsonNode grants = JSON.readTree(expect(cluster.call("GET", site + "/_control/atlassian", null, null), 200)
                    .body());
            List<RequestJournal.Entry> journal = RequestJournal.fetch(cluster, jira);
            long expired = journal.stream().filter(e -> e.status() == 401).count();
            long creates = journal.stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/rest/api/3/issue"))
                    .count();
            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, PROJECT, fingerprints);
            long renewedByA = renewals(Path.of("target/reliability/oauth/replica-a.log"));
            long renewedByB = renewals(Path.of("target/reliability/oauth/replica-b.log"));
            LOG.info(String.format("oauth-3lo, 2 replicas, access tokens of %d s: %d tickets in %.1f s, renewals "
                    + "by replica a %d, by replica b %d, grants %s, invalid_grant %d, requests answered 401 %d", TOKEN_SECONDS,
                    check.issues(),
                    seconds, renewedByA, renewedByB, grants.path("grants"), grants.path("invalidGrants").asInt(), expired));

            assertEquals(FINGERPRINTS, linked, "not every fingerprint got its ticket in time");
            assertTrue(check.holds(), check.problems().toString());
            assertEquals(0, grants.path("invalidGrants").asInt(), "a refresh token was used twice: " + grants);
            assertEquals(1, grants.path("grants").path("authorization_code").asInt(), "the code is exchanged once");
            int refreshes = grants.path("grants").path("refresh_token").asInt();
            assertTrue(refreshes >= 2, "the tokens were not renewed while the replicas worked: " + grants);
            // One renewal per expiry for both replicas, not one each: at most one per token lifetime, plus one.
            assertTrue(refreshes <= seconds / TOKEN_SECONDS + 1, refreshes + " refreshes in " + seconds + " s");
            assertEquals(0, expired, "requests met an expired token");
            assertTrue(renewedByA > 0 && renewedByB > 0, "both replicas renewed: " + renewedByA + ", " + renewedByB);
            assertEquals(refreshes, renewedByA + renewedByB, "each refresh is one replica's renewal");
            assertEquals(FINGERPRINTS, creates, "one create per fingerprint");
        }
    }

    /** The renewals a replica logged ("access token of OAuth client ... renewed"). */
    private static long renewals(Path log) throws java.io.IOException {
        try (var lines = java.nio.file.Files.lines(log)) {
            return lines.filter(l -> l.contains("access token of OAuth client") && l.contains("renewed")).count();
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }
}
