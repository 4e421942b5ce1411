package io.jirasync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest throughput over real HTTP against a running jira-sync (it starts nothing itself): several clients post
 * batches of events for a fixed set of fingerprints, each event with a few attributes, and it prints events/s.
 * Not a test: run it by hand (src/docs/performance.md). Options as {@code --name value}:
 * url, token (a tracker token: it posts the events and reads the counts back), project, clients, batch, fingerprints,
 * attributes, warmup (s), seconds (s).
 */
public final class IngestBenchmark {

    private static final Logger LOG;

    static {
        // The figures are this tool's output: print the bare message.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%n");
        LOG = Logger.getLogger(IngestBenchmark.class.getName());
    }

    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
    private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"(\\d+)\"");

    /** What one run measured. */
    public record Result(long events, double seconds, long batches, long p50Millis, long p99Millis, long failures,
            long counted, long accepted, double countedAfterSeconds, double endToEndPerSecond) {

        public double acceptedPerSecond() {
            return events / seconds;
        }
    }

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String url = options.getOrDefault("url", "http://localhost:8080");
        String token = options.getOrDefault("token", "bench-tracker-token-of-the-bench");
        String project = options.getOrDefault("project", "bench-" + System.currentTimeMillis());
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "500"));
        int fingerprints = Integer.parseInt(options.getOrDefault("fingerprints", "1000"));
        int attributes = Integer.parseInt(options.getOrDefault("attributes", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        run(url, token, project, clients, batch, fingerprints, attributes, warmup, seconds);
    }

    /** Posts batches from {@code clients} clients for the warm-up and the measured seconds, then waits for the counts. */
    public static Result run(String url, String token, String project, int clients, int batch, int fingerprints,
            int attributes, int warmup, int seconds) throws Exception {
        List<byte[]> bodies = bodies(64, batch, fingerprints, attributes);
        URI target = URI.create(url + "/api/v1/projects/" + project + "/events");
        LOG.info(String.format("POST %s: %d clients, batches of %d events, %d fingerprints, %d attributes per event, "
                + "%d s warm-up, %d s measured, ~%d KB per batch", target, clients, batch, fingerprints, attributes,
                warmup, seconds, bodies.get(0).length / 1024));

        long began = System.nanoTime();
        ClosedLoop.Result loop = ClosedLoop.run(clients, warmup, seconds, (http, client, n) -> {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) ((client + n) % bodies.size()))))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                LOG.warning("HTTP " + response.statusCode() + ": " + response.body());
                Thread.sleep(100);
                return false;
            }
            return true;
        });
        long measured = (long) loop.sortedNanos().length * batch;
        long sent = loop.acceptedInAll() * batch;
        LOG.info(String.format("%d events in %.1f s: %.0f events/s (%d batches, batch latency p50 %d ms, "
                + "p99 %d ms), %d failed requests", measured, loop.seconds(), measured / loop.seconds(),
                loop.sortedNanos().length, (long) loop.percentileMillis(50), (long) loop.percentileMillis(99),
                loop.refused()));

        // Accepted events are folded into the fingerprints shortly after: wait until every one is counted.
        long stopped = System.nanoTime();
        long counted = 0;
        while (System.nanoTime() - stopped < 300_000_000_000L) {
            counted = counted(url, token, project);
            if (counted >= sent) {
                break;
            }
            Thread.sleep(250);
        }
        double total = (System.nanoTime() - began) / 1e9;
        double after = (System.nanoTime() - stopped) / 1e9;
        LOG.info(String.format("%d of %d accepted events counted on the fingerprints %.1f s after the last request: "
                + "%.0f events/s end to end (first request to last event counted, warm-up included)",
                counted, sent, after, counted / total));
        return new Result(measured, loop.seconds(), loop.sortedNanos().length, (long) loop.percentileMillis(50),
                (long) loop.percentileMillis(99), loop.refused(), counted, sent, after, counted / total);
    }

    /** The sum of the project's fingerprint counts, read page by page from the list endpoint. */
    private static long counted(String url, String token, String project) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long sum = 0;
        String cursor = "";
        do {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/projects/" + project
                    + "/fingerprints?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor)))
                    .header("Authorization", "Bearer " + token).build();
            String page = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            Matcher counts = COUNT.matcher(page);
            while (counts.find()) {
                sum += Long.parseLong(counts.group(1));
            }
            Matcher next = NEXT.matcher(page);
            cursor = next.find() ? next.group(1) : "";
        } while (!cursor.isEmpty());
        return sum;
    }

    /** Pre-built request bodies, so generating JSON does not compete with the server for the CPU. */
    private static List<byte[]> bodies(int count, int batch, int fingerprints, int attributes) {
        SplittableRandom random = new SplittableRandom(42);
        String[] names = { "hostname", "version", "environment", "browser", "region", "os", "runtime", "tenant" };
        int[] cardinality = { 20, 5, 3, 8, 6, 4, 3, 50 };
        List<byte[]> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            StringBuilder json = new StringBuilder(batch * 300).append('[');
            for (int e = 0; e < batch; e++) {
                int fp = random.nextInt(fingerprints);
                if (e > 0) {
                    json.append(',');
                }
                json.append("{\"fingerprint\":\"fp-").append(fp).append("\",\"title\":\"NullPointerException in ")
                        .append("Cart.checkout (variant ").append(fp).append(")\",\"link\":\"https://tracker.example/")
                        .append("issues/").append(fp).append("\",\"attributes\":{");
                for (int a = 0; a < attributes; a++) {
                    int n = a % names.length;
                    if (a > 0) {
                        json.append(',');
                    }
                    String value = n == 1 ? "2." + random.nextInt(cardinality[n]) + ".0"
                            : names[n] + "-" + random.nextInt(cardinality[n]);
                    json.append('"').append(names[n]).append(a >= names.length ? a : "").append("\":\"")
                            .append(value).append('"');
                }
                json.append("}}");
            }
            bodies.add(json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
