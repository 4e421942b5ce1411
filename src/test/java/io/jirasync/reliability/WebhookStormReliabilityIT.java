package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.Versions;

/**
 * Webhook storm: people make 5,000 changes in Jira (the sandbox) and its real, signed deliveries are recorded. They
 * are replayed to one integration in Jira's order, one after another, and to a second integration on the same
 * issues shuffled, 30 % of them twice (same identifier, as Jira's retries), by eight clients at once. Every
 * delivery is stored once, none fails, and every issue's fingerprint ends in the same state, assignee and
 * resolved-until in both integrations, which is Jira's final state. Jira is unreachable while the deliveries are
 * applied, so each delivery's own content is applied and the per-issue watermark decides; with
 * {@code -Dreliability.storm.reachable=true} a second round replays them again to two more integrations with Jira
 * reachable (each delivery makes the worker read the issue).
 */
class WebhookStormReliabilityIT {

    private static final Logger LOG = Logger.getLogger(WebhookStormReliabilityIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ISSUES = Integer.getInteger("reliability.storm.issues", 100);
    private static final int DELIVERIES = Integer.getInteger("reliability.storm.deliveries", 5000);
    private static final double DUPLICATE_SHARE = 0.30;
    private static final int CLIENTS = 8;
    private static final int PEOPLE = 4;
    private static final String SECRET = "storm-webhook-secret";
    /** Ben hides his e-mail on Cloud, so the integration maps him by account id; Ana is matched by her e-mail. */
    private static final String BEN_IN_TRACKER = "ben";

    /** Two integrations on the same issues: one gets the deliveries in order, the other the storm. */
    private record Round(String inOrder, String storm, boolean jiraReachable) {
    }

    /** One POST of the storm: a delivery and its retry number (0 for the first send). */
    private record Send(WebhookRecorder.Delivery delivery, int retry) {
    }

    /** How the worker answered a replay: by HTTP status, and by the {@code outcome} of the 202s. */
    private record Answers(Map<Integer, Integer> statuses, Map<String, Integer> outcomes) {
    }

    /** A fingerprint's mapped values. */
    private record Mapped(String state, String assignee, String resolvedUntil) {
    }

    @Test
    void shuffledAndRepeatedDeliveriesEndWhereTheInOrderOnesDoAndWhereJiraIs() throws Exception {
        Random random = new Random(Long.getLong("reliability.seed", 5));
        List<Round> rounds = Boolean.getBoolean("reliability.storm.reachable")
                ? List.of(new Round("inorder", "storm", false), new Round("inorder-live", "storm-live", true))
                : List.of(new Round("inorder", "storm", false));
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/storm"));
                WebhookRecorder recorder = new WebhookRecorder()) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            try (Gate gate = new Gate(jira.port)) {
                Cluster.Node worker = cluster.worker("worker", 1000, Map.of(
                        // Reconciliation would read Jira's final state and hide how the deliveries were ordered.
                        "JIRA_SYNC_INBOUND_RECONCILE_EVERY", "1h",
                        "JIRA_SYNC_JIRA_CIRCUIT_BREAKER_DELAY", "5s")).start();
                long workerStarted = System.nanoTime();

                SandboxHuman ana = new SandboxHuman(jira, "ana@example.com");
                List<SandboxHuman.Issue> issues = new ArrayList<>();
                for (int i = 0; i < ISSUES; i++) {
                    issues.add(ana.create("Storm issue " + i));
                }
                for (Round round : rounds) {
                    for (String project : List.of(round.inOrder(), round.storm())) {
                        integration(cluster, worker, project, gate.url());
                        cluster.ingest(worker, project, Tickets.fingerprints(project + "-", ISSUES));
                    }
                }
                awaitFingerprints(cluster, rounds.size() * 2 * ISSUES);
                for (Round round : rounds) {
                    for (String project : List.of(round.inOrder(), round.storm())) {
                        for (int i = 0; i < ISSUES; i++) {
                            HttpResponse<String> linked = cluster.call("PUT", worker.url() + "/api/v1/projects/"
                                    + project + "/fingerprints/" + project + "-" + i + "/ticket", Cluster.ADMIN,
                                    "{\"key\": \"" + issues.get(i).key() + "\"}");
                            assertEquals(200, linked.statusCode(), linked.body());
                        }
                    }
                }

                // Jira's deliveries: registered only now, so that they are the people's changes and nothing else.
                HttpResponse<String> target = cluster.call("POST", jira.url() + "/sandbox/jira/_control/webhooks", null,
                        "{\"url\": \"" + recorder.url() + "\", \"secret\": \"" + SECRET + "\", \"projects\": [\"DEMO\"]}");
                assertEquals(201, target.statusCode(), target.body());
                // Reconciliation runs once 30 s after start, then every hour: let that first run pass before the
                // changes, or it reads Jira's final state and leaves every delivery older than the watermark.
                long sinceStart = (System.nanoTime() - workerStarted) / 1_000_000;
                if (sinceStart < 40_000) {
                    Thread.sleep(40_000 - sinceStart);
                }
                long changing = System.nanoTime();
                makeChanges(jira, issues, random.nextLong());
                double changeSeconds = (System.nanoTime() - changing) / 1e9;
                assertEquals(DELIVERIES, recorder.await(DELIVERIES, Duration.ofMinutes(2)), "deliveries recorded");
                Thread.sleep(1000);
                List<WebhookRecorder.Delivery> ordered = recorder.inJiraOrder();
                assertEquals(DELIVERIES, ordered.size(), "Jira sent more deliveries than changes were made");
                assertEquals(DELIVERIES, ordered.stream().map(WebhookRecorder.Delivery::identifier).distinct().count());
                long sameMillisecond = sameMillisecondChanges(ordered);
                assertEquals(0, sameMillisecond, "two changes of one issue in one millisecond: Jira's times cannot "
                        + "order them, so the scenario's changes must not do that");
                Map<String, SandboxHuman.Issue> jiraFinal = new HashMap<>();
                for (SandboxHuman.Issue issue : issues) {
                    jiraFinal.put(issue.key(), ana.read(issue.key()));
                }
                long doneWithoutVersion = jiraFinal.values().stream()
                        .filter(i -> "done".equals(i.statusCategory()) && i.fixVersions().isEmpty()).count();
                LOG.info(String.format("storm: %d changes by %d people on %d issues in %.1f s; %d deliveries recorded "
                        + "(distinct identifiers), 0 pairs of one issue's changes in the same millisecond; %d issues "
                        + "end done without a fix version", DELIVERIES, PEOPLE, ISSUES, changeSeconds, ordered.size(),
                        doneWithoutVersion));

                List<String> problems = new ArrayList<>();
                for (Round round : rounds) {
                    if (round.jiraReachable()) {
                        gate.open();
                        awaitJiraReachable(cluster, worker, round.inOrder());
                    } else {
                        gate.shut();
                    }
                    problems.addAll(replay(cluster, worker, jira, round, ordered, jiraFinal, random));
                }
                assertTrue(problems.isEmpty(), String.join("\n", problems));
            }
        }
    }

    /**
     * Replays the recorded deliveries to the round's two integrations at once, waits until the worker has applied
     * them, prints the round's figures and returns what does not hold.
     */
    private List<String> replay(Cluster cluster, Cluster.Node worker, Cluster.Node jira, Round round,
            List<WebhookRecorder.Delivery> ordered, Map<String, SandboxHuman.Issue> jiraFinal, Random random)
            throws Exception {
        List<Send> inOrder = ordered.stream().map(d -> new Send(d, 0)).toList();
        List<Send> storm = new ArrayList<>(inOrder);
        List<WebhookRecorder.Delivery> twice = new ArrayList<>(ordered);
        Collections.shuffle(twice, random);
        int duplicates = (int) Math.round(ordered.size() * DUPLICATE_SHARE);
        twice.subList(0, duplicates).forEach(d -> storm.add(new Send(d, random.nextBoolean() ? 1 : 0)));
        Collections.shuffle(storm, random);
        long jiraReads = issueReads(cluster, jira);

        long began = System.nanoTime();
        ExecutorService inOrderClient = Executors.newSingleThreadExecutor();
        Future<Answers> inOrderAnswers = inOrderClient.submit(() -> send(worker, round.inOrder(), inOrder, 1));
        Answers stormAnswers = send(worker, round.storm(), storm, CLIENTS);
        Answers inOrderDone = inOrderAnswers.get();
        inOrderClient.shutdown();
        double sendSeconds = (System.nanoTime() - began) / 1e9;
        String projects = "('" + round.inOrder() + "', '" + round.storm() + "')";
        Waits.until(Duration.ofMinutes(10), Duration.ofMillis(200), () -> cluster
                .queryLong("select count(*) from webhook_inbox where state = 'pending' and project in " + projects) == 0);
        double drainSeconds = (System.nanoTime() - began) / 1e9;
        jiraReads = issueReads(cluster, jira) - jiraReads;

        List<String> problems = new ArrayList<>();
        Set<String> identifiers = new HashSet<>();
        ordered.forEach(d -> identifiers.add("id:" + d.identifier()));
        Map<String, String> figures = new TreeMap<>();
        for (String project : List.of(round.inOrder(), round.storm())) {
            Set<String> stored = new HashSet<>(cluster.queryCounts("select dedupe_key, count(*) from webhook_inbox "
                    + "where project = '" + project + "' group by 1").keySet());
            long rows = cluster.queryLong("select count(*) from webhook_inbox where project = '" + project + "'");
            Map<String, Long> states = cluster.queryCounts("select state, count(*) from webhook_inbox where project = '"
                    + project + "' group by 1 order by 1");
            long ownContent = cluster.queryLong("select count(*) from webhook_inbox where project = '" + project
                    + "' and reason like '%Jira could not be asked%'");
            long notNewer = cluster.queryLong("select count(*) from webhook_inbox where project = '" + project
                    + "' and state = 'ignored' and reason like '%is not newer%'");
            Map<String, Long> latency = cluster.queryCounts("select unnest(array['p50', 'p95', 'max']), unnest(array["
                    + "percentile_cont(0.5) within group (order by ms), percentile_cont(0.95) within group (order by ms),"
                    + " max(ms)])::bigint from (select extract(epoch from processed_at - received_at) * 1000 as ms "
                    + "from webhook_inbox where project = '" + project + "') t");
            figures.put(project, String.format("%d rows, %d distinct keys, %s, %d applied from the delivery's own "
                    + "content, %d ignored as not newer than the watermark, received to processed p50 %d ms p95 %d "
                    + "ms max %d ms", rows, stored.size(), states, ownContent, notNewer, latency.get("p50"),
                    latency.get("p95"), latency.get("max")));
            if (rows != DELIVERIES || !stored.equals(identifiers)) {
                problems.add(project + ": " + rows + " inbox rows, " + stored.size() + " distinct keys; expected each of "
                        + DELIVERIES + " identifiers once");
            }
            if (states.getOrDefault("failed", 0L) + states.getOrDefault("pending", 0L) > 0) {
                problems.add(project + ": deliveries failed or still pending after " + drainSeconds + " s: " + states);
            }
            if (!round.jiraReachable() && project.equals(round.storm()) && notNewer == 0) {
                problems.add(project + ": no delivery was older than the watermark: the storm was not out of order");
            }
            if (round.jiraReachable() ? ownContent > 0 : ownContent == 0) {
                problems.add(project + ": " + ownContent + " deliveries applied from their own content with Jira "
                        + (round.jiraReachable() ? "reachable" : "unreachable"));
            }
        }
        expectAnswers(problems, round.inOrder(), inOrderDone, DELIVERIES, 0);
        expectAnswers(problems, round.storm(), stormAnswers, DELIVERIES, duplicates);

        Map<String, Mapped> expected = new HashMap<>();
        jiraFinal.forEach((key, issue) -> expected.put(key, mapped(issue)));
        Map<String, Mapped> inOrderFinal = fingerprints(cluster, round.inOrder());
        Map<String, Mapped> stormFinal = fingerprints(cluster, round.storm());
        int mismatches = 0;
        int undetermined = 0;
        int undeterminedEqual = 0;
        for (Map.Entry<String, Mapped> issue : expected.entrySet()) {
            Mapped want = issue.getValue();
            Mapped a = inOrderFinal.get(issue.getKey());
            Mapped b = stormFinal.get(issue.getKey());
            SandboxHuman.Issue atJira = jiraFinal.get(issue.getKey());
            // Done without a fix version: resolved-until is left as it was (InboundApplier), so it depends on which
            // earlier deliveries were applied, not on Jira's final state; only state and assignee are compared.
            boolean versionKnown = !"done".equals(atJira.statusCategory()) || !atJira.fixVersions().isEmpty();
            if (!versionKnown) {
                undetermined++;
                undeterminedEqual += a != null && b != null && Objects.equals(a.resolvedUntil(), b.resolvedUntil()) ? 1 : 0;
            }
            if (!matches(want, a, versionKnown) || !matches(want, b, versionKnown)) {
                mismatches++;
                problems.add(issue.getKey() + ": Jira " + atJira + " -> expected " + want + ", " + round.inOrder() + " "
                        + a + ", " + round.storm() + " " + b);
            }
        }
        LOG.info(String.format("storm, Jira %s: %s sent %d in Jira's order (1 client), answers %s %s; %s sent %d "
                + "(%d of them a second time, %d with X-Atlassian-Webhook-Retry) shuffled by %d clients, answers %s %s; "
                + "sent in %.1f s, drained %.1f s after the first send; %d issue GETs counted by Jira; %s; "
                + "mismatches %d of %d issues (resolved-until of %d issues done without a fix version not compared to "
                + "Jira: %s agrees with %s on %d)", round.jiraReachable() ? "reachable" : "unreachable",
                round.inOrder(), inOrder.size(), inOrderDone.statuses(), inOrderDone.outcomes(), round.storm(),
                storm.size(), duplicates, storm.stream().filter(s -> s.retry() > 0).count(), CLIENTS,
                stormAnswers.statuses(), stormAnswers.outcomes(), sendSeconds, drainSeconds, jiraReads, figures,
                mismatches, expected.size(), undetermined, round.storm(), round.inOrder(), undeterminedEqual));
        return problems;
    }

    private static boolean matches(Mapped want, Mapped got, boolean compareVersion) {
        return got != null && want.state().equals(got.state()) && Objects.equals(want.assignee(), got.assignee())
                && (!compareVersion || Objects.equals(want.resolvedUntil(), got.resolvedUntil()));
    }

    private static void expectAnswers(List<String> problems, String project, Answers answers, int stored,
            int duplicates) {
        Map<String, Integer> want = new TreeMap<>(Map.of("stored", stored));
        if (duplicates > 0) {
            want.put("duplicate", duplicates);
        }
        if (!answers.statuses().equals(Map.of(202, stored + duplicates)) || !answers.outcomes().equals(want)) {
            problems.add(project + " answered " + answers.statuses() + " " + answers.outcomes() + ", expected "
                    + (stored + duplicates) + " x 202 " + want);
        }
    }

    /** Posts the sends with {@code clients} clients taking the next one in list order; counts the answers. */
    private static Answers send(Cluster.Node worker, String project, List<Send> sends, int clients) throws Exception {
        String url = worker.url() + "/webhooks/jira/" + project;
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (int i = next.getAndIncrement(); i < sends.size(); i = next.getAndIncrement()) {
                    HttpResponse<String> r = sends.get(i).delivery().sendTo(http, url, sends.get(i).retry());
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() == 202) {
                        outcomes.merge(JSON.readTree(r.body()).path("outcome").asText(), 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return new Answers(new TreeMap<>(statuses), new TreeMap<>(outcomes));
    }

    /**
     * {@value #PEOPLE} people (Ana and Ben in turn, never jira-sync's account) make {@link #DELIVERIES} changes, each
     * on their own share of the issues: a workflow step, a new assignee or new fix versions, every one a real change
     * so that each makes exactly one delivery. One person's next changes avoid the issues they just touched, as a
     * person cannot change an issue twice within a millisecond.
     */
    private static void makeChanges(Cluster.Node jira, List<SandboxHuman.Issue> issues, long seed) throws Exception {
        ExecutorService people = Executors.newFixedThreadPool(PEOPLE);
        List<Future<?>> working = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            int person = p;
            SandboxHuman human = new SandboxHuman(jira, person % 2 == 0 ? "ana@example.com" : "ben@example.com");
            List<String> keys = new ArrayList<>();
            for (int i = person; i < issues.size(); i += PEOPLE) {
                keys.add(issues.get(i).key());
            }
            int changes = DELIVERIES / PEOPLE + (person < DELIVERIES % PEOPLE ? 1 : 0);
            working.add(people.submit(() -> {
                Random random = new Random(seed + person);
                Map<String, String> status = new HashMap<>();
                Map<String, String> assignee = new HashMap<>();
                Map<String, Integer> versions = new HashMap<>();
                List<String> recent = new ArrayList<>();
                int made = 0;
                while (made < changes) {
                    List<String> order = new ArrayList<>(keys);
                    do {
                        Collections.shuffle(order, random);
                    } while (!Collections.disjoint(order.subList(0, Math.min(3, order.size())), recent));
                    for (String key : order) {
                        if (made++ == changes) {
                            break;
                        }
                        change(human, key, random, status, assignee, versions);
                    }
                    recent = order.subList(Math.max(0, order.size() - 3), order.size());
                }
                return null;
            }));
        }
        for (Future<?> f : working) {
            f.get();
        }
        people.shutdown();
    }

    private static void change(SandboxHuman human, String key, Random random, Map<String, String> status,
            Map<String, String> assignee, Map<String, Integer> versions) throws Exception {
        int kind = random.nextInt(10);
        if (kind < 4) {
            List<String> transitions = SandboxHuman.TRANSITIONS.get(status.getOrDefault(key, "10000"));
            String transition = transitions.get(random.nextInt(transitions.size()));
            human.transition(key, transition);
            status.put(key, SandboxHuman.TARGET.get(transition));
        } else if (kind < 7) {
            List<String> others = new ArrayList<>(java.util.Arrays.asList(SandboxHuman.ANA, SandboxHuman.BEN, null));
            others.remove(assignee.get(key));
            String to = others.get(random.nextInt(others.size()));
            human.assign(key, to);
            assignee.put(key, to);
        } else {
            int was = versions.getOrDefault(key, 0);
            int mask = (was + 1 + random.nextInt(7)) % 8;
            List<String> names = new ArrayList<>();
            for (int v = 0; v < SandboxHuman.VERSIONS.size(); v++) {
                if ((mask & (1 << v)) != 0) {
                    names.add(SandboxHuman.VERSIONS.get(v));
                }
            }
            human.fixVersions(key, names);
            versions.put(key, mask);
        }
    }

    /** Pairs of deliveries of one issue that show the same {@code updated} millisecond. */
    private static long sameMillisecondChanges(List<WebhookRecorder.Delivery> deliveries) {
        Map<String, Integer> seen = new HashMap<>();
        deliveries.forEach(d -> seen.merge(d.issueKey() + " " + d.issueUpdated(), 1, Integer::sum));
        return seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    }

    /** What the integration maps Jira's state to: category (Won't Do by name), assignee, highest fix version. */
    private static Mapped mapped(SandboxHuman.Issue issue) {
        String state = switch (issue.statusName().equals("Won't Do") ? "ignored" : issue.statusCategory()) {
            case "new" -> "open";
            case "indeterminate" -> "in_progress";
            case "done" -> "resolved";
            default -> "ignored";
        };
        String assignee = issue.assigneeAccountId() == null ? null
                : issue.assigneeAccountId().equals(SandboxHuman.BEN) ? BEN_IN_TRACKER
                        : issue.assigneeAccountId().equals(SandboxHuman.ANA) ? "ana@example.com"
                                : "unexpected " + issue.assigneeAccountId();
        String version = "done".equals(issue.statusCategory())
                ? issue.fixVersions().stream().max(Versions.COMPARATOR).orElse(null)
                : null;
        return new Mapped(state, assignee, version);
    }

    private static Map<String, Mapped> fingerprints(Cluster cluster, String project) throws Exception {
        Map<String, Mapped> byKey = new HashMap<>();
        try (Connection c = cluster.connect();
                PreparedStatement s = c.prepareStatement(
                        "select jira_issue_key, state, assignee, resolved_until_version from fingerprint where project = ?")) {
            s.setString(1, project);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byKey.put(r.getString(1), new Mapped(r.getString(2), r.getString(3), r.getString(4)));
                }
            }
        }
        return byKey;
    }

    /** An integration on DEMO that only listens: no tickets of its own, every inbound switch on, signed webhooks. */
    private static void integration(Cluster cluster, Cluster.Node worker, String project, String jiraBase)
            throws Exception {
        String body = """
                {"jira": {"url": "%s/sandbox/jira", "deployment": "cloud", "apiVersion": 3,
                          "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO", "rules": {"autoCreate": false},
                 "customFields": [{"field": "Team", "value": "backend"}],
                 "sync": {"inbound": {"state": true, "assignee": true, "fixVersion": true}},
                 "statusMapping": {"inbound": {"Won't Do": "ignored"}},
                 "users": [{"tracker": "%s", "jira": "%s"}],
                 "webhookSecret": "%s"}""".formatted(jiraBase, BEN_IN_TRACKER, SandboxHuman.BEN, SECRET);
        HttpResponse<String> r = cluster.call("PUT", worker.url() + "/api/v1/integrations/" + project, Cluster.ADMIN, body);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
    }

    private static void awaitFingerprints(Cluster cluster, int expected) throws Exception {
        Waits.until(Duration.ofMinutes(1), Duration.ofMillis(200),
                () -> cluster.queryLong("select count(*) from fingerprint") >= expected);
        assertEquals(expected, cluster.queryLong("select count(*) from fingerprint"), "fingerprints folded");
    }

    /** Waits until the worker reaches Jira again (its circuit breaker closed): the integration's test passes. */
    private static void awaitJiraReachable(Cluster cluster, Cluster.Node worker, String project) throws Exception {
        if (!Waits.until(Duration.ofMinutes(2), Duration.ofSeconds(1), () -> {
            HttpResponse<String> r = cluster.call("POST", worker.url() + "/api/v1/integrations/" + project + "/test",
                    Cluster.ADMIN, null);
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("ok").asBoolean();
        })) {
            throw new AssertionError("the worker did not reach Jira again within 120 s");
        }
    }

    /** Issue reads Jira has counted so far. */
    private static long issueReads(Cluster cluster, Cluster.Node jira) throws Exception {
        long reads = 0;
        for (var entry : cluster.counters(jira).path("requests").properties()) {
            if (entry.getKey().startsWith("GET ") && entry.getKey().endsWith("/issue/{issueIdOrKey}")) {
                reads += entry.getValue().asLong();
            }
        }
        return reads;
    }
}
