package io.jirasync.jira;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.jira.SandboxJira.Flavour;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The public metrics name a Jira site by its opaque id only: no URL, no host, nothing derived from a credential, in
 * jira-sync's own meters and in SmallRye's circuit-breaker meters alike.
 */
@QuarkusTest
class MetricsNameSitesByIdTest {

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    /** The Prometheus scrape, as a monitoring system reads it. */
    static String metrics() {
        return io.jirasync.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void breakerAndResponseMetricsShowNeitherUrlNorCredential() throws Exception {
        SandboxJira.reset(sandbox, Flavour.CLOUD_V3);
        JiraSite basic = Flavour.CLOUD_V3.site(sandbox);
        JiraSite bearer = new JiraSite(URI.create(sandbox), JiraSite.Deployment.CLOUD, 3, JiraSite.AuthType.BEARER,
                null, "sandbox-pat");
        JiraSite rejected = Flavour.CLOUD_V3.site(sandbox, "ana@example.com", "not-anas-token");
        client.myself(basic);
        client.myself(bearer);
        assertThrows(JiraException.class, () -> client.myself(rejected));

        String scrape = metrics();
        List<String> jira = scrape.lines().filter(l -> !l.startsWith("#") && l.contains("jira")).toList();
        assertTrue(jira.stream().anyMatch(l -> l.startsWith("ft_circuitbreaker_state_current{")
                && l.matches(".*method=\"jira site-[0-9a-f]{12}\".*")), String.join("\n", jira));
        assertTrue(jira.stream().anyMatch(l -> l.startsWith("jira_sync_jira_responses_total{")
                && l.matches(".*site=\"site-[0-9a-f]{12}\".*") && l.contains("status=\"401\"")), String.join("\n", jira));
        URI url = URI.create(sandbox);
        List<String> forbidden = List.of(sandbox, url.getHost() + ":" + url.getPort(), "host=\"", "sandbox-api-token",
                "not-anas-token", "sandbox-pat", oldDigest(basic), oldDigest(bearer), oldDigest(rejected),
                Base64.getEncoder().encodeToString("jira-sync@example.com:sandbox-api-token"
                        .getBytes(StandardCharsets.UTF_8)));
        for (String value : forbidden) {
            assertFalse(scrape.contains(value), "the metrics show " + value + ":\n" + String.join("\n", jira));
        }
    }

    // What breakers and budgets were named by before: the first 8 bytes of an unsalted SHA-256 of the credential.
    private static String oldDigest(JiraSite site) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest((site.authType() + "\n" + site.user() + "\n"
                + site.secret()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
