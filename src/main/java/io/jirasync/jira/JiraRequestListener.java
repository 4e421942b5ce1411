package io.jirasync.jira;

import java.net.URI;

/**
 * Sees every request the client is about to send to Jira (method, full URI, JSON body or null), never its
 * headers, so it never sees credentials. Implement it as a CDI bean, for auditing or to check requests in tests.
 */
public interface JiraRequestListener {

    void sending(String method, URI uri, String body);
}
