package io.jirasync.jira;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether the worker may send requests to a Jira URL, before any connection: only http(s); never
 * link-local or cloud metadata addresses; loopback and private ranges only when configuration allows them.
 * Every address the host name resolves to is checked, so a public name pointing inside is refused too.
 */
@ApplicationScoped
public class OutboundAddressGuard {

    // Metadata services of the big clouds that do not live in 169.254.0.0/16 (which is refused as link-local).
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal");
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final JiraConfig config;

    public OutboundAddressGuard(JiraConfig config) {
        this.config = config;
    }

    /** Returns normally when the URL may be called, otherwise throws {@link JiraException} of kind REFUSED_ADDRESS. */
    public void check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(url, "only http and https URLs are allowed");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            throw refused(url, "the URL has no host");
        }
        if (url.getUserInfo() != null) {
            throw refused(url, "credentials belong in the auth settings, not in the URL");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (METADATA_HOSTS.contains(bareHost.toLowerCase(Locale.ROOT))) {
            throw refused(url, "it names a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            // Name resolution only; no connection is opened here.
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            throw JiraException.of(JiraException.Kind.UNREACHABLE,
                    "Jira at " + url + " is unreachable: the host name " + bareHost + " does not resolve", e);
        }
        for (InetAddress address : addresses) {
            String reason = refusal(address);
            if (reason != null) {
                throw refused(url, host + " resolves to " + address.getHostAddress() + ", " + reason);
            }
        }
    }

    private String refusal(InetAddress address) {
        if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return "a cloud metadata address";
        }
        if (address.isLinkLocalAddress() || isIpv4LinkLocal(address)) {
            return "a link-local address (where cloud metadata services live)";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "not a unicast address";
        }
        boolean internal = address.isLoopbackAddress() || address.isSiteLocalAddress() || isUniqueLocal(address)
                || isCarrierGradeNat(address);
        if (internal && !config.allowPrivateAddresses()) {
            return "a loopback or private address (set jira-sync.jira.allow-private-addresses=true for an "
                    + "on-premises Jira)";
        }
        return null;
    }

    private static boolean isIpv4LinkLocal(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static JiraException refused(URI url, String why) {
        return JiraException.of(JiraException.Kind.REFUSED_ADDRESS,
                "The Jira URL " + url + " is refused: " + why, null);
    }
}
