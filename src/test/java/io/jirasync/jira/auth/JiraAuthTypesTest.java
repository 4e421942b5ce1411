package io.jirasync.jira.auth;

import static io.jirasync.jira.auth.AtlassianFixture.atlassian;
import static io.jirasync.jira.auth.AtlassianFixture.auth;
import static io.jirasync.jira.auth.AtlassianFixture.integration;
import static io.jirasync.jira.auth.AtlassianFixture.journal;
import static io.jirasync.jira.auth.AtlassianFixture.reset;
import static io.jirasync.jira.auth.AtlassianFixture.site;
import static io.jirasync.jira.auth.AtlassianFixture.ticket;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.jira.JiraSite;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Each {@code jira.auth.type} against the sandbox's Atlassian side, over real HTTP with real PostgreSQL: where the
 * requests went (site or {@code /ex/jira/{cloudId}}), with which Authorization scheme, and how often tokens were
 * exchanged.
 */
@QuarkusTest
@TestProfile(AtlassianProfile.class)
class JiraAuthTypesTest {

    @Inject
    FingerprintService fingerprints;
    @Inject
    AccessTokens tokens;

    private String cloudId() {
        return atlassian().getString("cloudId");
    }

    @ParameterizedTest
    @CsvSource({
            "basic, jira-sync@example.com, false",
            "bearer, pat, false",
            "scoped, scoped:jira-sync@example.com, true",
            "oauth-client-credentials, oauth, true",
            "oauth-3lo, oauth, true" })
    void eachAuthTypeCreatesATicketThroughItsOwnRoute(String type, String journalUser, boolean gateway) {
        reset();
        String project = "auth-" + type;
        integration(project, site(), auth(type));
        String key = ticket(project, "npe-" + type, fingerprints::foldStaged).statusCode(201).extract()
                .path("jira.key");
        assertTrue(key.startsWith("DEMO-"), key);
        String prefix = gateway ? "/ex/jira/" + cloudId() + "/rest/api/3/" : "/rest/api/3/";
        List<Map<String, Object>> creates = journal().stream()
                .filter(e -> e.get("method").equals("POST") && e.get("path").toString().endsWith("/rest/api/3/issue"))
                .toList();
        assertEquals(1, creates.size(), creates.toString());
        assertEquals(prefix + "issue", creates.get(0).get("path"));
        assertEquals(journalUser, creates.get(0).get("user"));
        assertEquals(201, creates.get(0).get("status"));
        // Besides, basic and bearer read serverInfo once (v2) to learn the deployment left out.
        assertTrue(journal().stream().allMatch(e -> e.get("path").toString().startsWith(prefix)
                || !gateway && e.get("path").equals("/rest/api/2/serverInfo")),
                "every request of " + type + " went to " + prefix + ": " + journal());
        // The ticket's link stays on the site.
        given().auth().oauth2(AtlassianFixture.ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe-" + type)
                .then().statusCode(200).body("jira.url", equalTo(site() + "/browse/" + key));
        Map<String, Integer> grants = atlassian().getMap("grants");
        switch (type) {
            case "oauth-client-credentials" -> assertEquals(Map.of("client_credentials", 1), grants);
            case "oauth-3lo" -> assertEquals(Map.of("authorization_code", 1), grants);
            default -> assertEquals(Map.of(), grants);
        }
        // Read once, then kept: the types after scoped find the site's cloudId stored already.
        assertTrue(atlassian().getInt("tenantInfoReads") <= 1, "tenant_info is read at most once");
        // The secrets are masked when read back.
        given().auth().oauth2(AtlassianFixture.ADMIN).get("/api/v1/integrations/" + project).then().statusCode(200)
                .body(not(containsString("sandbox-service-secret"))).body(not(containsString("sandbox-3lo-secret")))
                .body(not(containsString("sandbox-scoped-token"))).body(not(containsString("sandbox-code-")));
    }

    @Test
    void clientCredentialsAreRenewedBeforeTheAccessTokenExpires() throws InterruptedException {
        reset();
        atlassian(Map.of("accessTokenSeconds", 2));
        integration("auth-cc-renew", site("127.0.0.1"), auth("oauth-client-credentials", "-renew"));
        ticket("auth-cc-renew", "renew-1", fingerprints::foldStaged).statusCode(201);
        ticket("auth-cc-renew", "renew-2", fingerprints::foldStaged).statusCode(201);
        assertEquals(Map.of("client_credentials", 1), atlassian().getMap("grants"), "one token for both tickets");
        Thread.sleep(2_100);
        ticket("auth-cc-renew", "renew-3", fingerprints::foldStaged).statusCode(201);
        assertEquals(Map.of("client_credentials", 2), atlassian().getMap("grants"), "renewed once after expiry");
        assertTrue(journal().stream().noneMatch(e -> e.get("status").equals(401)), "no request met an expired token");
    }

    @Test
    void twoReplicasRefreshingAtTheSameMomentRotateTheRefreshTokenOnce() throws Exception {
        reset();
        atlassian(Map.of("accessTokenSeconds", 1));
        integration("auth-3lo-race", site("LOCALHOST"), auth("oauth-3lo", "-race"));
        JiraSite site = new JiraSite(URI.create(site("LOCALHOST")), JiraSite.Deployment.CLOUD, 3,
                JiraSite.AuthType.OAUTH_3LO, AtlassianFixture.APP_CLIENT + "-race", AtlassianFixture.APP_SECRET);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 5; round++) {
                Thread.sleep(1_000);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<String>> answers = new ArrayList<>();
                for (int replica = 0; replica < 2; replica++) {
                    answers.add(replicas.submit(() -> {
                        together.await();
                        return tokens.of(site);
                    }));
                }
                assertEquals(answers.get(0).get(), answers.get(1).get(), "both use the one renewed token");
                assertEquals(round, atlassian().getInt("grants.refresh_token"), "one refresh in round " + round);
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(0, atlassian().getInt("invalidGrants"));
    }
}
