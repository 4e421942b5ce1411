package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.jira.JiraException.Kind;

/** Which Jira failures the client retries itself, which may have reached Jira, and which feed the breaker. */
class JiraFailureUnitTest {

    private final JiraRetryPolicy policy = new JiraRetryPolicy();

    private static JiraException http(int status) {
        return new JiraException(Kind.HTTP, status, "HTTP " + status, List.of(), Map.of(), Map.of(), null);
    }

    private static JiraException unreachable(IOException cause) {
        return JiraException.of(Kind.UNREACHABLE, "unreachable", cause);
    }

    @Test
    void onlyRateLimitsServerErrorsAndIoFailuresAreRetried() {
        for (int status : new int[] { 429, 500, 502, 503, 504 }) {
            assertTrue(http(status).retryable(), "HTTP " + status);
            assertTrue(policy.test(http(status)), "HTTP " + status);
        }
        for (int status : new int[] { 400, 401, 403, 404, 409, 422 }) {
            assertFalse(http(status).retryable(), "HTTP " + status);
        }
        assertTrue(unreachable(new SocketTimeoutException()).retryable());
        for (Kind kind : new Kind[] { Kind.TLS, Kind.REFUSED_ADDRESS, Kind.RATE_LIMITED, Kind.CIRCUIT_OPEN,
                Kind.BAD_RESPONSE }) {
            assertFalse(JiraException.of(kind, "no", null).retryable(), kind.name());
        }
        assertFalse(policy.test(new IllegalStateException("not a Jira failure")));
    }

    @Test
    void aWriteThatMayHaveBeenCarriedOutIsNotRepeatedByTheClient() {
        JiraException lost = http(502).markUnsafeToRepeat();
        assertTrue(lost.unsafeToRepeat());
        assertFalse(lost.retryable());
        assertFalse(policy.test(lost));
    }

    @Test
    void onlyAnswersThatMayFollowTheWorkMayHaveReachedJira() {
        assertTrue(http(500).mayHaveReachedJira());
        assertTrue(http(502).mayHaveReachedJira());
        assertTrue(http(504).mayHaveReachedJira());
        assertFalse(http(503).mayHaveReachedJira());
        assertFalse(http(429).mayHaveReachedJira());
        assertTrue(unreachable(new SocketTimeoutException("read timed out")).mayHaveReachedJira());
        assertFalse(unreachable(new IOException("wrapped", new ConnectException("refused"))).mayHaveReachedJira());
        assertFalse(JiraException.of(Kind.CIRCUIT_OPEN, "open", null).mayHaveReachedJira());
    }

    @Test
    void serverErrorsAndOutagesCountAgainstTheSiteButRefusalsDoNot() {
        assertTrue(http(503).siteFailure());
        assertTrue(unreachable(new SocketTimeoutException()).siteFailure());
        assertFalse(http(429).siteFailure());
        assertFalse(http(400).siteFailure());
    }

    @Test
    void aFieldRejectionIsA400ThatNamesFields() {
        assertTrue(new JiraException(Kind.HTTP, 400, "bad", List.of(), Map.of("customfield_10001", "Team is required."),
                Map.of(), null).fieldRejected());
        assertFalse(http(400).fieldRejected());
        assertEquals(List.of("a"), new JiraException(Kind.HTTP, 400, "bad", List.of("a"), null, null, null)
                .errorMessages());
    }
}
