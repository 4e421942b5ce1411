package io.jirasync.jira;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.Destination;
import io.jirasync.http.HostResolver;

/**
 * Decides whether the worker may send requests to a URL (Jira's, a tracker's callback), before any connection: only
 * http(s), no credentials in the URL, no plain http to Atlassian Cloud; never link-local or cloud metadata addresses;
 * loopback and private ranges only when configuration allows them. The host is resolved once and every address it
 * resolves to is checked, so a public name pointing inside is refused too; the {@link Destination} it gives is the
 * one checked address that the request then connects to.
 */
@ApplicationScoped
public class OutboundAddressGuard {

    // Metadata services of the big clouds that do not live in 169.254.0.0/16 (which is refused as link-local).
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal");
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final JiraConfig config;
    private final HostResolver resolver;

    public OutboundAddressGuard(JiraConfig config, HostResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /**
     * The URL's host resolved once, every address checked, and the first one to connect to; otherwise throws
     * {@link JiraException} of kind REFUSED_ADDRESS (or UNREACHABLE when the name does not resolve).
     */
    public Destination check(URI url) {
        urlRefusal(url).ifPresent(why -> {
            throw refused(url, why);
        });
        String host = bareHost(url);
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw JiraException.of(JiraException.Kind.UNREACHABLE,
                    "Jira at " + redacted(url) + " is unreachable: the host name " + host + " does not resolve", e);
        }
        if (addresses.isEmpty()) {
            throw JiraException.of(JiraException.Kind.UNREACHABLE,
                    "Jira at " + redacted(url) + " is unreachable: the host name " + host + " has no address", null);
        }
        for (InetAddress address : addresses) {
            String reason = refusal(address);
            if (reason != null) {
                throw refused(url, url.getHost() + " resolves to " + address.getHostAddress() + ", " + reason);
            }
        }
        return new Destination(url, addresses.get(0));
    }

    /**
     * Why the URL itself is refused, whatever its host resolves to (scheme, host, credentials, plain http to
     * Atlassian Cloud, metadata host names), or empty. Resolves nothing: settings are checked with it when stored.
     */
    public Optional<String> urlRefusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("the URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("credentials belong in the auth settings, not in the URL");
        }
        String host = bareHost(url).toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && isAtlassianCloud(host) && !config.allowPlainHttp()) {
            return Optional.of("plain http would send the credentials unencrypted to Atlassian Cloud; use https "
                    + "(jira-sync.jira.allow-plain-http=true allows http)");
        }
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("it names a cloud metadata service");
        }
        return Optional.empty();
    }

    /** The URL as it may be shown: without any user info (which could hold a password). */
    public static String redacted(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getRawPath(), null, null)
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        } catch (URISyntaxException e) {
            return url.getScheme() + "://" + url.getHost();
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

    private static String bareHost(URI url) {
        String host = url.getHost();
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // "acme.atlassian.net." is the same host as "acme.atlassian.net".
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static boolean isAtlassianCloud(String host) {
        return host.equals("atlassian.net") || host.endsWith(".atlassian.net");
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
                "The Jira URL " + redacted(url) + " is refused: " + why, null);
    }
}
