package io.jirasync.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into its addresses, once per outbound request: the address guard checks what this answers and
 * {@link OutboundHttp} connects to one of exactly those addresses, so a DNS answer that changes in between cannot
 * lead the connection elsewhere.
 */
public interface HostResolver {

    /** Every address of {@code host} (a name or an IP literal), the preferred one first; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
