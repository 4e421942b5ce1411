package io.jirasync.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.jirasync.domain.UnavailableException;

/** A request the service cannot take now, as the client receives it, without Quarkus. */
class UnavailableProblemMapperUnitTest {

    private static Response answer(Duration retryAfter) {
        return new UnavailableProblemMapper().toResponse(new UnavailableException("The queue is full.", retryAfter));
    }

    @Test
    void isA503ProblemWithRetryAfterInSeconds() {
        Response response = answer(Duration.ofSeconds(5));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem(503, "Service Unavailable", "The queue is full."), response.getEntity());
        assertEquals("5", String.valueOf(response.getHeaderString(HttpHeaders.RETRY_AFTER)));
    }

    @Test
    void retryAfterIsRoundedUpToAWholeSecondAndNeverZero() {
        assertEquals("2", answer(Duration.ofMillis(1500)).getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals("1", answer(Duration.ZERO).getHeaderString(HttpHeaders.RETRY_AFTER));
    }
}
