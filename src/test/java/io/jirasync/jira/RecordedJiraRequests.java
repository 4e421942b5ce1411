package io.jirasync.jira;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

/** Keeps every request the Jira client sends during a test, as it went out (without headers). */
@Singleton
public class RecordedJiraRequests implements JiraRequestListener {

    /** One request: method, full URI, JSON body (null when there is none) and when it left. */
    public record Sent(String method, URI uri, String body, Instant at) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void sending(String method, URI uri, String body) {
        sent.add(new Sent(method, uri, body, Instant.now()));
    }

    public synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
