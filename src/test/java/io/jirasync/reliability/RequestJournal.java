package io.jirasync.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox's request journal ({@code GET _control/journal}) and the Retry-After rule checked on it: after a 429
 * with {@code Retry-After: r} answered at time t, the same caller sends no request of the same scope before t + r.
 * Judged by send time (jira-sync's {@code X-Jira-Sync-Sent-At}, the arrival when a request has none), so that
 * requests already on their way when the 429 was answered are told apart from those started after it; the worker
 * and the sandbox run on one machine and share its clock. The scope of a per-issue 429 ({@code RateLimit-Reason:
 * jira-per-issue-on-write}) is the writes to that issue; the scope of any other 429 is every request of the caller
 * (its whole site).
 */
public final class RequestJournal {

    public static final String PER_ISSUE = "jira-per-issue-on-write";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One answered request, as the sandbox journaled it (times in epoch ms; {@code sentAt} of the caller's clock,
     * null when it sent none).
     */
    public record Entry(long seq, Long sentAt, long at, long answeredAt, String method, String path, String user, String issue,
            int status, Integer retryAfter, String reason) {

        boolean perIssueLimit() {
            return status == 429 && PER_ISSUE.equals(reason) && issue != null;
        }

        /** When the caller sent it: its {@code X-Jira-Sync-Sent-At}, else its arrival. */
        long sent() {
            return sentAt == null ? at : sentAt;
        }

        /** The requests this 429 holds back: writes to its issue, or everything of the caller. */
        Predicate<Entry> scope() {
            return perIssueLimit() ? e -> issue.equals(e.issue()) : e -> true;
        }

        @Override
        public String toString() {
            return "#" + seq + " " + method + " " + path + " sent at " + sent() + ", arrived " + at + " -> " + status
                    + (retryAfter == null ? "" : " Retry-After " + retryAfter + " s") + (reason == null ? "" : " " + reason)
                    + " answered at " + answeredAt;
        }
    }

    /** A 429 and the first request of its scope that was sent after it was answered. */
    public record Gap(Entry limit, Entry next) {

        public long millis() {
            return next.sent() - limit.answeredAt();
        }

        /** How much later than Retry-After the next request came (negative: sooner). */
        public long marginMillis() {
            return millis() - limit.retryAfter() * 1000L;
        }

        @Override
        public String toString() {
            return millis() + " ms after a Retry-After of " + limit.retryAfter() + " s (margin " + marginMillis()
                    + " ms): " + limit + ", then " + next;
        }
    }

    /**
     * What the rule found for one caller: the 429s, the gap after each, the gaps shorter than allowed, how many times
     * a request of a 429's scope arrived after it was answered but had been sent before the caller could have read
     * it (in flight, not judged), and the latest of those sent after the answer (ms after it, -1 for none).
     */
    public record Report(int requests, int siteLimits, int issueLimits, List<Gap> siteGaps, List<Gap> issueGaps,
            List<Gap> violations, int inFlight, long latestUnreadMillis) {

        /** The gap with the smallest margin over its Retry-After, or null when no 429 was followed by anything. */
        public static Gap tightest(List<Gap> gaps) {
            return gaps.stream().min(Comparator.comparingLong(Gap::marginMillis)).orElse(null);
        }
    }

    private RequestJournal() {
    }

    /** The journal's entries, oldest arrival first; fails when the journal forgot some (it would prove nothing). */
    public static List<Entry> fetch(Cluster cluster, Cluster.Node jira) throws Exception {
        JsonNode journal = JSON.readTree(cluster.call("GET", jira.url() + "/sandbox/jira/_control/journal", null, null)
                .body());
        if (journal.path("dropped").asLong() > 0) {
            throw new IllegalStateException("The sandbox's journal forgot " + journal.path("dropped").asLong()
                    + " requests (capacity " + journal.path("capacity").asLong() + "); the run is too long to check");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : journal.path("entries")) {
            entries.add(new Entry(e.path("seq").asLong(),
                    e.path("sentAt").isNumber() ? e.path("sentAt").asLong() : null, e.path("at").asLong(),
                    e.path("answeredAt").asLong(),
                    e.path("method").asText(), e.path("path").asText(), e.path("user").asText(null),
                    e.path("issue").asText(null), e.path("status").asInt(),
                    e.path("retryAfter").isNumber() ? e.path("retryAfter").asInt() : null, e.path("reason").asText(null)));
        }
        entries.sort(Comparator.comparingLong(Entry::at).thenComparingLong(Entry::seq));
        return entries;
    }

    /**
     * Writes the entries as tab-separated lines (seq, sentAt, at, answeredAt, method, path, user, issue, status,
     * Retry-After, reason).
     */
    public static void save(List<Entry> entries, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("seq\tsentAt\tat\tansweredAt\tmethod\tpath\tuser\tissue\tstatus\tretryAfter\treason");
        entries.forEach(
                e -> lines.add(e.seq() + "\t" + e.sentAt() + "\t" + e.at() + "\t" + e.answeredAt() + "\t" + e.method() + "\t"
                        + e.path() + "\t" + e.user() + "\t" + e.issue() + "\t" + e.status() + "\t" + e.retryAfter() + "\t"
                        + e.reason()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * The {@code percentile}-th of the times requests took from their {@code X-Jira-Sync-Sent-At} to their arrival,
     * in ms (0 when none carried it): how long a message between the caller's threads and the sandbox took in the
     * run.
     */
    public static long travelMillis(List<Entry> entries, int percentile) {
        long[] travel = entries.stream().filter(e -> e.sentAt() != null).mapToLong(e -> e.at() - e.sentAt()).sorted()
                .toArray();
        return travel.length == 0 ? 0 : travel[Math.min(travel.length - 1, travel.length * percentile / 100)];
    }

    /**
     * Checks the rule for the requests of {@code user}: for every 429 with a Retry-After of r seconds answered at t,
     * the first request of its scope sent at or after t + {@code readMillis} (the time the answer may take to reach
     * the caller's threads) must be sent no sooner than t + r - {@code graceMillis}. A request sent before t +
     * {@code readMillis} (even if it arrived later) was on its way before the caller could have read the 429: it is
     * counted as in flight and not judged.
     */
    public static Report check(List<Entry> entries, String user, long readMillis, long graceMillis) {
        List<Entry> mine = entries.stream().filter(e -> user.equals(e.user()))
                .sorted(Comparator.comparingLong(Entry::sent).thenComparingLong(Entry::seq)).toList();
        List<Gap> site = new ArrayList<>();
        List<Gap> issue = new ArrayList<>();
        List<Gap> violations = new ArrayList<>();
        int siteLimits = 0;
        int issueLimits = 0;
        int inFlight = 0;
        long latestUnread = -1;
        for (Entry limit : mine) {
            if (limit.status() != 429 || limit.retryAfter() == null) {
                continue;
            }
            if (limit.perIssueLimit()) {
                issueLimits++;
            } else {
                siteLimits++;
            }
            long judgedFrom = limit.answeredAt() + readMillis;
            Predicate<Entry> scope = limit.scope();
            List<Entry> unread = mine.stream().filter(e -> e != limit && scope.test(e) && e.at() >= limit.answeredAt()
                    && e.sent() < judgedFrom).toList();
            inFlight += unread.size();
            latestUnread = Math.max(latestUnread, unread.stream().mapToLong(e -> e.sent() - limit.answeredAt())
                    .filter(millis -> millis >= 0).max().orElse(-1));
            Entry next = mine.stream().filter(e -> e.sent() >= judgedFrom && scope.test(e)).findFirst().orElse(null);
            if (next == null) {
                continue;
            }
            Gap gap = new Gap(limit, next);
            (limit.perIssueLimit() ? issue : site).add(gap);
            if (gap.marginMillis() < -graceMillis) {
                violations.add(gap);
            }
        }
        return new Report(mine.size(), siteLimits, issueLimits, site, issue, violations, inFlight, latestUnread);
    }
}
