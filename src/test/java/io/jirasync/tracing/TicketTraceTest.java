package io.jirasync.tracing;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.RulesJob;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One ticket creation as a trace, exported over OTLP/HTTP to a collector the test runs in-process: the dispatch
 * job's span with the Jira calls as its children, each named by method and path template with its status; no span
 * attribute carries a credential or a secret; the JSON log line of the creation carries the trace id.
 */
@QuarkusTest
@TestProfile(TicketTraceTest.Traced.class)
class TicketTraceTest {

    static final String WEBHOOK_SECRET = "webhook-secret-of-the-trace-test";
    static final Path LOG = Path.of("target/quarkus-test-traces.log");

    /** Tracing switched on, exporting to the collector at once; the log as JSON lines in a file of its own. */
    public static class Traced implements QuarkusTestProfile {
        private static OtlpCollector collector;

        // Started where JUnit asks for the profile, once; the test finds it by the endpoint in the configuration.
        private static synchronized String collector() {
            try {
                if (collector == null) {
                    collector = new OtlpCollector();
                }
                return collector.endpoint();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.endpoint", collector(),
                    "quarkus.otel.bsp.schedule.delay", "0.1s",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true");
        }
    }

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    FingerprintService fingerprints;

    @Test
    void oneTicketCreationIsOneTraceFromTheDispatchRunToJirasAnswers() {
        resetSandbox("cloud");
        integration("traced", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "customFields": [{"field": "Team", "value": "backend"}],
                  "webhookSecret": "%s"
                """.formatted(WEBHOOK_SECRET));
        ingest("traced", List.of("fp-traced"), 1, Map.of("environment", "production"));
        fingerprints.foldStaged();
        assertEquals(1, rules.runOnce());
        assertEquals(1, dispatcher.dispatchOnce());

        String endpoint = ConfigProvider.getConfig().getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class);
        OtlpCollector.ReceivedSpan dispatch;
        try {
            dispatch = await().atMost(Duration.ofSeconds(15))
                    .until(() -> spans(endpoint).stream()
                            .filter(s -> s.name().equals("job dispatch") && children(spans(endpoint), s).stream()
                                    .anyMatch(c -> c.name().equals("jira POST /rest/api/3/issue")))
                            .findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            OtlpCollector.Received received = OtlpCollector.Received.from(endpoint);
            throw new AssertionError("no dispatch trace with the create call; the collector received "
                    + received.paths() + " with spans " + received.spans().stream().map(s -> s.name()).toList(), e);
        }
        OtlpCollector.Received received = OtlpCollector.Received.from(endpoint);
        List<OtlpCollector.ReceivedSpan> all = received.spans();
        List<OtlpCollector.ReceivedSpan> trace = all.stream()
                .filter(s -> s.traceId().equals(dispatch.traceId())).toList();
        Log.infof("The trace of one ticket creation (%s), exported to %s:%n%s", dispatch.traceId(),
                received.paths().get(0), trace.stream().map(s -> describe(s, trace)).collect(Collectors.joining("\n")));

        assertEquals(null, dispatch.parentSpanId(), "the dispatch run is the trace's root");
        OtlpCollector.ReceivedSpan create = children(all, dispatch).stream()
                .filter(c -> c.name().equals("jira POST /rest/api/3/issue")).findFirst().orElseThrow();
        assertEquals("201", create.attributes().get("http.response.status_code"));
        assertEquals("POST", create.attributes().get("http.request.method"));
        assertEquals("/rest/api/3/issue", create.attributes().get("url.template"));
        assertEquals(3, create.kind(), "a client span");
        assertTrue(trace.stream().filter(s -> s.name().startsWith("jira ")).allMatch(
                s -> dispatch.spanId().equals(s.parentSpanId()) && s.attributes().containsKey("http.response.status_code")),
                "every Jira call is a child of the dispatch run, with its status");

        for (OtlpCollector.ReceivedSpan span : all) {
            for (Map.Entry<String, String> attribute : span.attributes().entrySet()) {
                String value = String.valueOf(attribute.getValue());
                assertFalse(value.contains("sandbox-api-token") || value.contains(WEBHOOK_SECRET)
                        || value.contains(ADMIN) || value.contains("token-of-the-suite"),
                        span.name() + " carries a secret in " + attribute.getKey());
            }
        }
        String created = await().atMost(Duration.ofSeconds(10)).until(() -> logLine("Created Jira issue"),
                line -> line != null);
        assertTrue(created.contains("\"traceId\":\"" + dispatch.traceId() + "\""), "trace id in the log line: " + created);
    }

    private static List<OtlpCollector.ReceivedSpan> spans(String endpoint) {
        return OtlpCollector.Received.from(endpoint).spans();
    }

    private static List<OtlpCollector.ReceivedSpan> children(List<OtlpCollector.ReceivedSpan> spans,
            OtlpCollector.ReceivedSpan parent) {
        return spans.stream().filter(s -> parent.spanId().equals(s.parentSpanId())).toList();
    }

    private static String describe(OtlpCollector.ReceivedSpan span, List<OtlpCollector.ReceivedSpan> trace) {
        String parent = trace.stream().filter(s -> s.spanId().equals(span.parentSpanId())).map(s -> s.name())
                .findFirst().orElse(span.parentSpanId() == null ? "(root)" : span.parentSpanId());
        return "  " + span.name() + " | parent: " + parent + " | status: "
                + (span.status() == 2 ? "ERROR" : span.status() == 1 ? "OK" : "UNSET")
                + " | http.response.status_code: " + span.attributes().get("http.response.status_code");
    }

    private static String logLine(String text) {
        try {
            return Files.exists(LOG) ? Files.readAllLines(LOG).stream().filter(l -> l.contains(text))
                    .reduce((a, b) -> b).orElse(null) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
