package io.jirasync.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The sandbox's run-time switches (flavour, budget, faults, latency), its traffic counters and request journal. */
final class SandboxControl {

    /**
     * Why a request was refused with 429 (or how close it came): the limit, what is left of it, when the window
     * ends, its length, Jira's reason header and the policy name of the {@code RateLimit} headers.
     */
    record Limit(int limit, int remaining, long resetEpochMillis, int windowSeconds, String reason, String policy) {

        boolean exceeded() {
            return remaining < 0;
        }
    }

    /** The quota's counting window: the epoch millisecond it began and the points counted in it. */
    private record Window(long second, int count) {
    }

    private final SandboxConfig config;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final RollingLimit budgets = new RollingLimit();
    private final RollingLimit issueWrites = new RollingLimit();
    private final SandboxJournal journal;
    private final AtomicLong arrivals = new AtomicLong();
    private volatile boolean cloud;
    private volatile int requestsPerSecond;
    private volatile int writesPerIssuePerSecond;
    private volatile int quotaPoints;
    private volatile int quotaWindowSeconds;
    private volatile String quotaScope;
    private final Map<String, Window> quotas = new ConcurrentHashMap<>();
    private volatile double failureShare;
    private volatile int failureStatus;
    private volatile int retryAfterSeconds = 1;
    private volatile Instant failUntil;
    private volatile int latencyMillis;
    private volatile int paddingBytes;
    private long considered;
    private long failed;

    SandboxControl(SandboxConfig config) {
        this.config = config;
        this.journal = new SandboxJournal(config.journalSize());
        reset();
    }

    /** Back to the configured settings, with counters at zero. */
    final synchronized void reset() {
        cloud = !"server".equalsIgnoreCase(config.flavour());
        requestsPerSecond = config.requestsPerSecond();
        writesPerIssuePerSecond = config.writesPerIssuePerSecond();
        quotaPoints = 0;
        quotaWindowSeconds = 3600;
        quotaScope = "global";
        quotas.clear();
        failureShare = 0;
        failureStatus = 503;
        retryAfterSeconds = 1;
        failUntil = null;
        latencyMillis = 0;
        paddingBytes = 0;
        considered = 0;
        failed = 0;
        budgets.clear();
        issueWrites.clear();
        resetCounters();
    }

    /** Counters at zero and the journal emptied: a new measurement starts. */
    void resetCounters() {
        requests.clear();
        statuses.clear();
        journal.clear();
    }

    boolean cloud() {
        return cloud;
    }

    void flavour(String flavour) {
        cloud = "cloud".equals(flavour);
    }

    void requestsPerSecond(int value) {
        requestsPerSecond = value;
        budgets.clear();
    }

    void writesPerIssuePerSecond(int value) {
        writesPerIssuePerSecond = value;
        issueWrites.clear();
    }

    /**
     * The points quota of Atlassian's 2026 limits: {@code points} per credential in each fixed window of
     * {@code windowSeconds} (aligned to the epoch, as Jira's hourly windows are to the hour), every request costing
     * one point; beyond it, 429 with {@code RateLimit-Reason: jira-quota-<scope>-based}. 0 points: no quota.
     */
    void quota(Integer points, Integer windowSeconds, String scope) {
        if (points != null) {
            quotaPoints = points;
        }
        if (windowSeconds != null) {
            quotaWindowSeconds = windowSeconds;
        }
        if (scope != null) {
            quotaScope = scope;
        }
        quotas.clear();
    }

    synchronized void failures(double share, int status) {
        failureShare = share;
        failureStatus = status;
        considered = 0;
        failed = 0;
    }

    void failFor(long seconds, int status) {
        failureStatus = status;
        failUntil = seconds == 0 ? null : Instant.now().plusSeconds(seconds);
    }

    void latencyMillis(int value) {
        latencyMillis = value;
    }

    int latencyMillis() {
        return latencyMillis;
    }

    /** Spaces added after every JSON answer of the Jira API, for tests of a client's limit on answer size. */
    void paddingBytes(int value) {
        paddingBytes = value;
    }

    int paddingBytes() {
        return paddingBytes;
    }

    int failureStatus() {
        return failureStatus;
    }

    void retryAfterSeconds(int value) {
        retryAfterSeconds = value;
    }

    /** The {@code Retry-After} of forced 429 and 503 answers. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Seconds left of a failure period (at least 1 while one runs), 0 when none runs: Jira's Retry-After on a 503. */
    long failingForSeconds() {
        Instant until = failUntil;
        if (until == null) {
            return 0;
        }
        long millis = until.toEpochMilli() - System.currentTimeMillis();
        return millis <= 0 ? 0 : Math.max(1, (millis + 999) / 1000);
    }

    void count(String methodAndTemplate) {
        requests.computeIfAbsent(methodAndTemplate, k -> new LongAdder()).increment();
    }

    void countStatus(int status) {
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** The next arrival number: the journal's {@code seq}, in the order requests arrived. */
    long nextArrival() {
        return arrivals.incrementAndGet();
    }

    /** Writes an answered request into the journal. */
    void journal(SandboxJournal.Entry entry) {
        journal.add(entry);
    }

    /** The journal as the control endpoint shows it. */
    Map<String, Object> journal() {
        return journal.view();
    }

    /**
     * Whether this request is one of the forced failures: all of them during a failure period, otherwise an
     * exact share (every second one for 0.5) so that tests can count on it.
     */
    synchronized boolean forcedFailure() {
        Instant until = failUntil;
        if (until != null && Instant.now().isBefore(until)) {
            return true;
        }
        if (failureShare <= 0) {
            return false;
        }
        considered++;
        if (failed < Math.floor(considered * failureShare + 1e-9)) {
            failed++;
            return true;
        }
        return false;
    }

    /** Counts a request against its credential's budget; the limit when it is over. */
    Limit overBudget(String credential) {
        return over(budgets, credential, requestsPerSecond, 1, "jira-burst-based", "burst");
    }

    /** Counts a write against the issue's write limit; the limit when it is over. */
    Limit overIssueWrites(String issue) {
        return over(issueWrites, issue, writesPerIssuePerSecond, 1, "jira-per-issue-on-write", "issue-write");
    }

    /** Counts a request's point against its credential's quota: the quota's state (exceeded or not), or null. */
    Limit quota(String credential) {
        String scope = quotaScope;
        return count(quotas, credential, quotaPoints, quotaWindowSeconds, "jira-quota-" + scope + "-based",
                scope.equals("tenant") ? "tenant-app-quota" : "global-app-quota");
    }

    // The quota's window starts with the first request after the last window ended, so that a test knows when it ends.
    private static Limit over(RollingLimit windows, String key, int limit, int windowSeconds, String reason,
            String policy) {
        if (limit <= 0) {
            return null;
        }
        long admittedAgain = windows.admit(key, limit, windowSeconds * 1000L, System.currentTimeMillis());
        return admittedAgain < 0 ? null : new Limit(limit, -1, admittedAgain, windowSeconds, reason, policy);
    }

    private static Limit count(Map<String, Window> windows, String key, int limit, int windowSeconds, String reason,
            String policy) {
        if (limit <= 0) {
            return null;
        }
        long now = System.currentTimeMillis();
        long windowMillis = windowSeconds * 1000L;
        Window counted = windows.compute(key, (k, w) -> w == null || now >= w.second() + windowMillis
                ? new Window(now, 1)
                : new Window(w.second(), w.count() + 1));
        return new Limit(limit, limit - counted.count(), counted.second() + windowMillis, windowSeconds, reason,
                policy);
    }

    /** Settings and counters as the control endpoint shows them. */
    synchronized Map<String, Object> view() {
        Map<String, Object> view = new TreeMap<>();
        view.put("flavour", cloud ? "cloud" : "server");
        view.put("requestsPerSecond", requestsPerSecond);
        view.put("writesPerIssuePerSecond", writesPerIssuePerSecond);
        view.put("quotaPoints", quotaPoints);
        view.put("quotaWindowSeconds", quotaWindowSeconds);
        view.put("quotaScope", quotaScope);
        view.put("failureShare", failureShare);
        view.put("failureStatus", failureStatus);
        view.put("retryAfterSeconds", retryAfterSeconds);
        view.put("failingUntil", failUntil != null && Instant.now().isBefore(failUntil) ? failUntil.toString() : null);
        view.put("latencyMillis", latencyMillis);
        view.put("paddingBytes", paddingBytes);
        return view;
    }

    Map<String, Object> counters() {
        Map<String, Long> byRequest = new TreeMap<>();
        requests.forEach((k, v) -> byRequest.put(k, v.sum()));
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(String.valueOf(k), v.sum()));
        return Map.of("total", byRequest.values().stream().mapToLong(Long::longValue).sum(),
                "requests", byRequest, "statuses", byStatus);
    }
}
