package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PrivateAddressesRefusedTest.ProductionDefaults.class)
class PrivateAddressesRefusedTest {

    /** The production default: jira-sync.jira.allow-private-addresses=false. */
    public static class ProductionDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.jira.allow-private-addresses", "false");
        }
    }

    @Inject
    OutboundAddressGuard guard;

    @Test
    void loopbackPrivateAndCarrierGradeNatAddressesAreRefusedByDefault() {
        for (String url : new String[] { "http://127.0.0.1:8080", "http://localhost", "http://10.0.0.5",
                "http://172.16.4.4", "http://192.168.1.10", "http://[::1]", "http://[fd12::1]",
                "http://100.64.0.1" }) {
            JiraException e = assertThrows(JiraException.class, () -> guard.check(URI.create(url)), url);
            assertEquals(JiraException.Kind.REFUSED_ADDRESS, e.kind(), url);
            assertTrue(e.getMessage().contains("jira-sync.jira.allow-private-addresses"), e.getMessage());
        }
    }

    @Test
    void publicAddressesPass() {
        assertDoesNotThrow(() -> guard.check(URI.create("https://93.184.215.14")));
    }
}
