package io.jirasync.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraException.Kind;
import io.jirasync.queue.Stopping;

/** What the outbox does with each kind of Jira failure: retried (and not before when), or failed for an admin. */
class DispatchOutcomeUnitTest {

    private static final Duration BREAKER_DELAY = Duration.ofSeconds(5);

    private final DispatchJob job = new DispatchJob(null, stub(DispatchConfig.class, Map.of("concurrency", 1)),
            stub(JiraConfig.class, Map.of("circuitBreaker",
                    stub(JiraConfig.CircuitBreaker.class, Map.of("delay", BREAKER_DELAY)))),
            noHandlers(), new Stopping(Optional.empty()));

    @AfterEach
    void stopPool() {
        job.stop();
    }

    // Configuration values only: an unexpected call fails the test rather than answering something made up.
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answers.get(method.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static Instance<SyncTaskHandler> noHandlers() {
        // forEach is void: the answer is discarded, so the job sees no handlers.
        return stub(Instance.class, Map.of("forEach", Boolean.FALSE));
    }

    private static JiraException http(int status, Map<String, List<String>> headers) {
        return new JiraException(Kind.HTTP, status, "Jira answered HTTP " + status, List.of(), Map.of(), headers, null);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedNotBeforeRetryAfterSeconds() {
        assertEquals(new TaskOutcome.Retry("Jira answered HTTP 429", 429, Duration.ofSeconds(30), true),
                job.outcomeOf(http(429, Map.of("retry-after", List.of("30")))));
        assertEquals(new TaskOutcome.Retry("Jira answered HTTP 502", 502, null, true),
                job.outcomeOf(http(502, Map.of())));
        assertEquals(new TaskOutcome.Retry("Jira answered HTTP 503", 503, null, true),
                job.outcomeOf(http(503, Map.of("retry-after", List.of("soon")))));
    }

    @Test
    void retryAfterAsAnHttpDateHoldsTheRetryBackLikeTheClientDoes() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(120).atOffset(ZoneOffset.UTC));
        TaskOutcome.Retry retry = (TaskOutcome.Retry) job.outcomeOf(
                http(503, Map.of("retry-after", List.of(inTwoMinutes))));
        assertNotNull(retry.notBefore(), "the HTTP date was not read");
        assertTrue(retry.notBefore().compareTo(Duration.ofSeconds(115)) > 0
                && retry.notBefore().compareTo(Duration.ofSeconds(120)) <= 0, retry.toString());
    }

    @Test
    void otherRefusalsFailTheTaskWithTheirStatus() {
        for (int status : new int[] { 400, 401, 403, 404, 409, 413 }) {
            assertEquals(new TaskOutcome.Failed("Jira answered HTTP " + status, status),
                    job.outcomeOf(http(status, Map.of("retry-after", List.of("1")))), "HTTP " + status);
        }
        assertEquals(new TaskOutcome.Failed("bad certificate", null),
                job.outcomeOf(JiraException.of(Kind.TLS, "bad certificate", null)));
        assertEquals(new TaskOutcome.Failed("private address", null),
                job.outcomeOf(JiraException.of(Kind.REFUSED_ADDRESS, "private address", null)));
    }

    @Test
    void failuresBeforeSendingAreRetriedWithoutSpendingAnAttempt() {
        assertEquals(new TaskOutcome.Retry("breaker open", null, BREAKER_DELAY, false),
                job.outcomeOf(JiraException.of(Kind.CIRCUIT_OPEN, "breaker open", null)));
        assertEquals(new TaskOutcome.Retry("budget wait too long", null, null, false),
                job.outcomeOf(JiraException.of(Kind.RATE_LIMITED, "budget wait too long", null)));
    }

    @Test
    void unreachableAndUnreadableAnswersAreRetriedAsAttempts() {
        assertEquals(new TaskOutcome.Retry("timed out", null, null, true),
                job.outcomeOf(JiraException.of(Kind.UNREACHABLE, "timed out", null)));
        assertEquals(new TaskOutcome.Retry("not JSON", null, null, true),
                job.outcomeOf(JiraException.of(Kind.BAD_RESPONSE, "not JSON", null)));
    }
}
