package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.http.ScriptedHostResolver;
import io.jirasync.jira.SandboxJira.Flavour;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A name whose DNS answer changes between the address check and the connection (DNS rebinding) cannot lead a request
 * to a refused address: the request connects to the address that was checked, and the name stays in the Host header.
 */
@QuarkusTest
class DnsRebindingTest {

    private static final String HOST = "rebinding.test";
    private static final String SERVER_INFO = "GET /rest/api/3/serverInfo";

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    @Inject
    ScriptedHostResolver dns;

    @BeforeEach
    void cloud() {
        SandboxJira.reset(sandbox, Flavour.CLOUD_V3);
    }

    @Test
    void aNameThatTurnsToTheMetadataAddressAfterTheCheckStillReachesOnlyTheCheckedAddress() {
        int port = URI.create(sandbox).getPort();
        String base = "http://" + HOST + ":" + port + "/sandbox/jira";
        JiraSite site = Flavour.CLOUD_V3.site(base);
        // The attacker's DNS: the sandbox's loopback address for the first lookup, cloud metadata for every later one.
        dns.script(HOST, "127.0.0.1", "169.254.169.254");

        assertEquals(base, client.serverInfo(site).baseUrl(), "the request went to the sandbox, as " + HOST);
        assertEquals(1, dns.lookups(HOST), "checked and connected with one lookup");
        assertEquals(1, SandboxJira.received(sandbox, SERVER_INFO));

        // The next call looks the name up again, sees the metadata address and sends nothing.
        JiraException refused = assertThrows(JiraException.class, () -> client.serverInfo(site));
        assertEquals(JiraException.Kind.REFUSED_ADDRESS, refused.kind());
        assertTrue(refused.getMessage().contains(HOST + " resolves to 169.254.169.254, a link-local address"),
                refused.getMessage());
        assertEquals(1, SandboxJira.received(sandbox, SERVER_INFO));
    }
}
