package io.jirasync.http;

import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;

/**
 * Where an outbound request goes: the URL it names, and the one address its host resolved to when the address guard
 * checked it. {@link OutboundHttp} connects to that address and nowhere else; the URL's host still names the peer
 * in the {@code Host} header, in TLS' SNI and in the certificate check.
 */
public record Destination(URI url, InetAddress address) {

    public Destination {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(address, "address");
    }
}
