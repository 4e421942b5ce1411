package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboundAddressGuardTest {

    @Inject
    OutboundAddressGuard guard;

    @Inject
    JiraClient client;

    @Inject
    DataSource dataSource;

    @Test
    void theCloudMetadataAddressIsRefusedBeforeAnyConnection() throws Exception {
        JiraSite site = JiraSite.cloud("http://169.254.169.254", "bot@acme.com", "token");
        JiraException e = assertThrows(JiraException.class, () -> client.myself(site));
        assertEquals(JiraException.Kind.REFUSED_ADDRESS, e.kind());
        assertEquals("The Jira URL http://169.254.169.254 is refused: 169.254.169.254 resolves to 169.254.169.254, "
                + "a link-local address (where cloud metadata services live)", e.getMessage());
        // No I/O failure underneath, and the site never got an id, which its budget, breaker and every request need.
        assertNull(e.getCause());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM jira_site WHERE url = ?")) {
            s.setString(1, site.account().url());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    @Test
    void otherMetadataServicesAndLinkLocalRangesAreRefused() {
        for (String url : new String[] { "http://[fe80::1]/", "http://169.254.0.7", "http://100.100.100.200",
                "http://metadata.google.internal/computeMetadata/v1", "http://[fd00:ec2::254]" }) {
            JiraException e = assertThrows(JiraException.class, () -> guard.check(URI.create(url)), url);
            assertEquals(JiraException.Kind.REFUSED_ADDRESS, e.kind(), url);
        }
    }

    @Test
    void onlyHttpAndHttpsWithoutUserInfo() {
        for (String url : new String[] { "file:///etc/passwd", "ftp://jira.acme.com", "gopher://x",
                "https://bot:pw@jira.acme.com" }) {
            JiraException e = assertThrows(JiraException.class, () -> guard.check(URI.create(url)), url);
            assertEquals(JiraException.Kind.REFUSED_ADDRESS, e.kind(), url);
        }
    }

    @Test
    void loopbackAndPrivateAddressesPassWhenConfigurationAllowsThem() {
        // %test sets jira-sync.jira.allow-private-addresses=true, like %dev, for the embedded sandbox.
        assertDoesNotThrow(() -> guard.check(URI.create("http://127.0.0.1:8081/sandbox/jira")));
        assertDoesNotThrow(() -> guard.check(URI.create("http://10.1.2.3")));
    }

    @Test
    void anUnknownHostIsUnreachableNotRefused() {
        JiraException e = assertThrows(JiraException.class,
                () -> guard.check(URI.create("https://no-such-host.invalid")));
        assertEquals(JiraException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("does not resolve"), e.getMessage());
    }
}
