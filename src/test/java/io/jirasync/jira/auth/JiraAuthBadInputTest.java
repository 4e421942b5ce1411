package io.jirasync.jira.auth;

import static io.jirasync.jira.auth.AtlassianFixture.ADMIN;
import static io.jirasync.jira.auth.AtlassianFixture.atlassian;
import static io.jirasync.jira.auth.AtlassianFixture.auth;
import static io.jirasync.jira.auth.AtlassianFixture.integration;
import static io.jirasync.jira.auth.AtlassianFixture.probe;
import static io.jirasync.jira.auth.AtlassianFixture.reset;
import static io.jirasync.jira.auth.AtlassianFixture.site;
import static io.jirasync.jira.auth.AtlassianFixture.syncLog;
import static io.jirasync.jira.auth.AtlassianFixture.test;
import static io.jirasync.jira.auth.AtlassianFixture.ticket;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 17's bad input, each seen as a sentence naming the setting in {@code test}, in {@code probe} and in the sync
 * log of the task that met it; and deployment detection from serverInfo. Each case has a site URL of its own (the
 * same sandbox, its host name spelt in another case) and an OAuth client of its own, so that no kept cloudId, token
 * or deployment of another case is used.
 */
@QuarkusTest
@TestProfile(AtlassianProfile.class)
class JiraAuthBadInputTest {

    @Inject
    FingerprintService fingerprints;
    @Inject
    DispatchJob dispatcher;

    private static void assertSome(List<String> lines, String... parts) {
        assertTrue(lines.stream().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains)),
                "a line with " + List.of(parts) + " in " + lines);
    }

    @Test
    void aRevokedAccessTokenIsNamedAndReplacedByTheNextCall() {
        reset();
        integration("bad-revoked", site("Localhost"), auth("oauth-client-credentials", "-revoked"));
        assertSome(test("bad-revoked"), "ok jira.auth");
        atlassian(Map.of("revokeTokens", true));
        ticket("bad-revoked", "revoked-1", fingerprints::foldStaged).statusCode(422)
                .body("detail",
                        containsString("jira.auth.clientSecret (type oauth-client-credentials): wrong, expired or revoked"));
        assertSome(syncLog("bad-revoked"), "Jira rejected the credentials", "jira.auth.clientSecret");
        // The refused token was forgotten: the next call exchanges the client credentials again and works.
        assertSome(test("bad-revoked"), "ok jira.auth");
    }

    @Test
    void aRefreshAnsweredInvalidGrantAsksForANewCode() throws InterruptedException {
        reset();
        atlassian(Map.of("accessTokenSeconds", 1));
        integration("bad-grant", site("lOcalhost"), auth("oauth-3lo", "-grant"));
        atlassian(Map.of("revokeTokens", true));
        Thread.sleep(1_100);
        assertSome(test("bad-grant"), "error jira.auth", "invalid_grant", "jira.auth.code");
        probe("""
                {"url": "%s", "auth": {"type": "oauth-3lo", "clientId": "%s", "clientSecret": "%s"}}"""
                .formatted(site("lOcalhost"), AtlassianFixture.APP_CLIENT + "-grant", AtlassianFixture.APP_SECRET))
                .body("detail", containsString("invalid_grant")).body("detail", containsString("jira.auth.code"));
        ticket("bad-grant", "grant-1", fingerprints::foldStaged).statusCode(422);
        assertSome(syncLog("bad-grant"), "invalid_grant", "jira.auth.code");
    }

    @Test
    void aTenantInfoThatDoesNotAnswerNamesTheUrlAndTheTaskWaits() {
        reset();
        atlassian(Map.of("tenantInfoDown", true));
        integration("bad-tenant", site("loCalhost"), auth("scoped"));
        assertSome(test("bad-tenant"), "error jira.auth", "tenant_info", "jira.url");
        probe("""
                {"url": "%s", "auth": %s}""".formatted(site("loCalhost"), auth("scoped")))
                .body("detail", containsString("tenant_info")).body("detail", containsString("jira.url"));
        ticket("bad-tenant", "tenant-1", fingerprints::foldStaged).statusCode(202)
                .body("state", equalTo("pending")).body("lastError", containsString("tenant_info"));
        assertSome(syncLog("bad-tenant"), "tenant_info", "jira.url");
        atlassian(Map.of("tenantInfoDown", false));
        awaitTicket("bad-tenant", "tenant-1");
    }

    @Test
    void aWrongCloudIdIsNamed() {
        reset();
        atlassian(Map.of("tenantCloudId", "00000000-0000-0000-0000-00000000dead"));
        integration("bad-cloud", site("locAlhost"), auth("scoped"));
        String sentence = "does not know the cloudId 00000000-0000-0000-0000-00000000dead";
        assertSome(test("bad-cloud"), "error jira.auth", sentence, "jira.url");
        probe("""
                {"url": "%s", "auth": %s}""".formatted(site("locAlhost"), auth("scoped")))
                .body("detail", containsString(sentence));
        ticket("bad-cloud", "cloud-1", fingerprints::foldStaged).statusCode(422);
        assertSome(syncLog("bad-cloud"), sentence);
    }

    @Test
    void aTokenEndpointAnswering5xxIsWaitedForAndNothingIsLost() {
        reset();
        integration("bad-5xx", site("locaLhost"), auth("oauth-client-credentials", "-5xx"));
        atlassian(Map.of("tokenFailures", 5));
        assertSome(test("bad-5xx"), "error jira.auth", "token endpoint", "answered HTTP 503",
                "the task waits and tries again");
        atlassian(Map.of("tokenFailures", 5));
        ticket("bad-5xx", "5xx-1", fingerprints::foldStaged).statusCode(202).body("state", equalTo("pending"))
                .body("lastError", containsString("answered HTTP 503"));
        assertSome(syncLog("bad-5xx"), "token endpoint", "answered HTTP 503");
        probe("""
                {"url": "%s", "auth": {"type": "oauth-client-credentials", "clientId": "%s", "clientSecret": "wrong"}}"""
                .formatted(site("locaLhost"), AtlassianFixture.SERVICE_CLIENT + "-wrong"))
                .body("detail", containsString("jira.auth.clientId or jira.auth.clientSecret is wrong"));
        awaitTicket("bad-5xx", "5xx-1");
    }

    @Test
    void everyMissingPartOfAnAuthShapeIsNamedAtOnce() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"jira": {"url": "%s", "auth": {"type": "oauth-3lo"}}, "projectKey": "DEMO"}""".formatted(site()))
                .put("/api/v1/integrations/bad-shape").then().statusCode(400)
                .body("errors.field", hasItems("jira.auth.clientId", "jira.auth.clientSecret", "jira.auth.redirectUri",
                        "jira.auth.code"))
                .body("errors.find { it.field == 'jira.auth.clientSecret' }.message",
                        equalTo("required for oauth-3lo"));
    }

    @Test
    void aCloudOnAHostOutsideAtlassianNetIsDetectedAndAContradictionIsReported() {
        reset();
        integration("detect-cloud", site("localHost"), auth("basic"));
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/detect-cloud").then().statusCode(200)
                .body("jira.deployment", equalTo("cloud")).body("jira.apiVersion", equalTo(3));
        assertSome(test("detect-cloud"), "ok jira.deployment", "says it is Cloud");
        integration("detect-wrong", site("localhOst"), "\"deployment\": \"server\", \"apiVersion\": 2,", auth("basic"));
        assertSome(test("detect-wrong"), "error jira.deployment", "jira.deployment is server, but Jira at",
                "says it is Cloud");
        probe("""
                {"url": "%s", "auth": %s}""".formatted(site("localhoSt"), auth("basic")))
                .statusCode(200).body("deployment", equalTo("cloud")).body("apiVersion", equalTo(3));
    }

    private void awaitTicket(String project, String fingerprint) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            dispatcher.dispatchOnce();
            return given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/" + fingerprint)
                    .then().statusCode(200).extract().path("jira.key") != null;
        });
    }
}
