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
 * with {@code Retry-After: r} answered at time t, no request of the same caller for the same scope arrives before
 * t + r. The scope of a per-issue 429 ({@code RateLimit-Reason: jira-per-issue-on-write}) is the writes to that
 * issue; the scope of any other 429 is every request of the caller (its whole site).
 */
public final class RequestJournal {

    public static final String PER_ISSUE = "jira-per-issue-on-write";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answered request, as the sandbox journaled it (times in epoch ms of the Jira process). */
    public record Entry(long seq, long at, long answeredAt, String method, String path, String user, String issue,
            int status, Integer retryAfter, String reason) {

        boolean perIssueLimit() {
            return status == 429 && PER_ISSUE.equals(reason) && issue != null;
        }

        /** The requests this 429 holds back: writes to its issue, or everything of the caller. */
        Predicate<Entry> scope() {
            return perIssueLimit() ? e -> issue.equals(e.issue()) : e -> true;
        }

        @Override
        public String toString() {
            return "#" + seq + " " + method + " " + path + " at " + at + " -> " + status
                    + (retryAfter == null ? "" : " Retry-After " + retryAfter + " s") + (reason == null ? "" : " " + reason)
                    + " answered at " + answeredAt;
        }
    }

    /** A 429 and the first request of its scope that arrived after it was answered. */
    public record Gap(Entry limit, Entry next) {

        public long millis() {
            return next.at() - limit.answeredAt();
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

    /** What the rule found for one caller: the 429s, the gap after each, and the gaps shorter than allowed. */
    public record Report(int requests, int siteLimits, int issueLimits, List<Gap> siteGaps, List<Gap> issueGaps,
            List<Gap> violations) {

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
            entries.add(new Entry(e.path("seq").asLong(), e.path("at").asLong(), e.path("answeredAt").asLong(),
                    e.path("method").asText(), e.path("path").asText(), e.path("user").asText(null),
                    e.path("issue").asText(null), e.path("status").asInt(),
                    e.path("retryAfter").isNumber() ? e.path("retryAfter").asInt() : null, e.path("reason").asText(null)));
        }
        entries.sort(Comparator.comparingLong(Entry::at).thenComparingLong(Entry::seq));
        return entries;
    }

    /**
     * Writes the entries as tab-separated lines (seq, at, answeredAt, method, path, user, issue, status, Retry-After, reason).
     */
    public static void save(List<Entry> entries, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("seq\tat\tansweredAt\tmethod\tpath\tuser\tissue\tstatus\tretryAfter\treason");
        entries.forEach(e -> lines.add(e.seq() + "\t" + e.at() + "\t" + e.answeredAt() + "\t" + e.method() + "\t"
                + e.path() + "\t" + e.user() + "\t" + e.issue() + "\t" + e.status() + "\t" + e.retryAfter() + "\t"
                + e.reason()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Checks the rule for the requests of {@code user} ({@code entries} oldest arrival first, as {@link #fetch}
     * gives them): for every 429 with a Retry-After of r seconds answered at
     * t, the first request of its scope arriving at or after t must arrive no sooner than t + r - {@code graceMillis}.
     * Requests that arrived before t were on their way before the caller could know of the 429 and are not judged.
     */
    public static Report check(List<Entry> entries, String user, long graceMillis) {
        List<Entry> mine = entries.stream().filter(e -> user.equals(e.user())).toList();
        List<Gap> site = new ArrayList<>();
        List<Gap> issue = new ArrayList<>();
        List<Gap> violations = new ArrayList<>();
        int siteLimits = 0;
        int issueLimits = 0;
        for (int i = 0; i < mine.size(); i++) {
            Entry limit = mine.get(i);
            if (limit.status() != 429 || limit.retryAfter() == null) {
                continue;
            }
            if (limit.perIssueLimit()) {
                issueLimits++;
            } else {
                siteLimits++;
            }
            Predicate<Entry> scope = limit.scope();
            for (int j = i + 1; j < mine.size(); j++) {
                Entry next = mine.get(j);
                if (next.at() < limit.answeredAt() || !scope.test(next)) {
                    continue;
                }
                Gap gap = new Gap(limit, next);
                (limit.perIssueLimit() ? issue : site).add(gap);
                if (gap.marginMillis() < -graceMillis) {
                    violations.add(gap);
                }
                break;
            }
        }
        return new Report(mine.size(), siteLimits, issueLimits, site, issue, violations);
    }
}
