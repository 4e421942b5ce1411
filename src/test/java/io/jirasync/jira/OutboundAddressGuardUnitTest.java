package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jirasync.http.HostResolver;

/** The guard's decisions on a URL and on what its host resolves to, with the two switches set either way. */
class OutboundAddressGuardUnitTest {

    private static final HostResolver PUBLIC_AND_METADATA = host -> List.of(InetAddress.getByName("93.184.215.14"),
            InetAddress.getByName("169.254.169.254"));

    // Configuration values only: an unexpected call fails the test rather than answering something made up.
    private static JiraConfig config(boolean allowPlainHttp) {
        Map<String, Object> answers = Map.of("allowPlainHttp", allowPlainHttp, "allowPrivateAddresses", false);
        return (JiraConfig) Proxy.newProxyInstance(JiraConfig.class.getClassLoader(), new Class<?>[] { JiraConfig.class },
                (proxy, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException("JiraConfig." + method.getName());
                    }
                    return answers.get(method.getName());
                });
    }

    private static OutboundAddressGuard guard(boolean allowPlainHttp, HostResolver resolver) {
        return new OutboundAddressGuard(config(allowPlainHttp), resolver);
    }

    @Test
    void plainHttpToAtlassianCloudNeedsTheSetting() {
        URI cloud = URI.create("http://Acme.Atlassian.NET./rest");
        assertTrue(guard(false, null).urlRefusal(cloud).orElseThrow().contains("jira-sync.jira.allow-plain-http"));
        assertEquals(Optional.empty(), guard(true, null).urlRefusal(cloud));
        assertEquals(Optional.empty(), guard(false, null).urlRefusal(URI.create("https://acme.atlassian.net")));
        assertEquals(Optional.empty(), guard(false, null).urlRefusal(URI.create("http://jira.acme.com")),
                "a self-managed Jira on http is the operator's choice");
    }

    @Test
    void credentialsInTheUrlAreRefusedWhateverTheSetting() {
        for (boolean allow : new boolean[] { false, true }) {
            assertEquals(Optional.of("credentials belong in the auth settings, not in the URL"),
                    guard(allow, null).urlRefusal(URI.create("http://bot:pw@jira.acme.com")));
        }
    }

    @Test
    void everyAddressIsCheckedAndTheFirstOneIsTheDestination() throws Exception {
        JiraException e = assertThrows(JiraException.class,
                () -> guard(false, PUBLIC_AND_METADATA).check(URI.create("https://jira.acme.com")));
        assertEquals("The Jira URL https://jira.acme.com is refused: jira.acme.com resolves to 169.254.169.254, a "
                + "link-local address (where cloud metadata services live)", e.getMessage());

        HostResolver twoPublic = host -> List.of(InetAddress.getByName("93.184.215.14"),
                InetAddress.getByName("93.184.215.15"));
        assertEquals(InetAddress.getByName("93.184.215.14"),
                guard(false, twoPublic).check(URI.create("https://jira.acme.com")).address());
    }

    @Test
    void aRefusalNeverShowsTheUrlsUserInfo() {
        JiraException e = assertThrows(JiraException.class,
                () -> guard(false, PUBLIC_AND_METADATA).check(URI.create("https://bot:s3cr3t@jira.acme.com/x?y=1")));
        assertEquals("The Jira URL https://jira.acme.com/x?y=1 is refused: credentials belong in the auth settings, "
                + "not in the URL", e.getMessage());
    }
}
