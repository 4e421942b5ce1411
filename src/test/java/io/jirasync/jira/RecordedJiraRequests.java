package io.jirasync.jira;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

/** Keeps every request the Jira client sends during a test, as it went out (without headers). */
@Singleton
public class RecordedJiraRequests implements JiraRequestListener {

    /** One request: method, full URI and JSON body (null when there is none). */
    public record Sent(String method, URI uri, String body) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void sending(String method, URI uri, String body) {
        sent.add(new Sent(method, uri, body));
    }

    public synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
