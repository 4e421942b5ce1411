package io.jirasync.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} Jira requests the sandbox answered, one entry each, oldest first: when the client says
 * it sent it ({@code X-Jira-Sync-Sent-At}, as jira-sync does), when it arrived (epoch ms), method, path, the user it claimed to
 * be, the issue of an issue write, and the answer (status, when,
 * {@code Retry-After} and {@code RateLimit-Reason}). It is what a test needs to check timing rules such as "no
 * request sooner than the Retry-After of the last 429", which counters cannot show.
 */
final class SandboxJournal {

    /** One answered request; {@code sentAt}, {@code issue}, {@code retryAfterSeconds} and {@code reason} may be null. */
    record Entry(long seq, Long sentAt, long at, long answeredAt, String method, String path, String user, String issue,
            int status, Integer retryAfterSeconds, String reason) {

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("seq", seq);
            view.put("sentAt", sentAt);
            view.put("at", at);
            view.put("answeredAt", answeredAt);
            view.put("method", method);
            view.put("path", path);
            view.put("user", user);
            view.put("issue", issue);
            view.put("status", status);
            view.put("retryAfter", retryAfterSeconds);
            view.put("reason", reason);
            return view;
        }
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long dropped;

    SandboxJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A journal holds at least one entry, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an answered request, forgetting the oldest one when the journal is full. */
    synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(entry);
    }

    synchronized void clear() {
        entries.clear();
        dropped = 0;
    }

    synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** {@code capacity}, {@code dropped} (forgotten since the last clear) and {@code entries}, oldest answer first. */
    synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("capacity", capacity);
        view.put("dropped", dropped);
        view.put("entries", entries.stream().map(Entry::view).toList());
        return view;
    }
}
