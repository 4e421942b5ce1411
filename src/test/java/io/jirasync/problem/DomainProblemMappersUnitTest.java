package io.jirasync.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.jirasync.domain.ConflictException;
import io.jirasync.domain.InvalidInputException;
import io.jirasync.domain.NotFoundException;

/** Services' domain exceptions as the problem documents a client receives, without Quarkus. */
class DomainProblemMappersUnitTest {

    @Test
    void aMissingThingIsA404Problem() {
        Response response = new NotFoundProblemMapper().toResponse(new NotFoundException("No fingerprint a in shop."));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem(404, "Not found", "No fingerprint a in shop."), response.getEntity());
    }

    @Test
    void aConflictIsA409ProblemWithItsTitle() {
        Response response = new ConflictProblemMapper().toResponse(new ConflictException("Conflict",
                "Jira issue OPS-18 is already linked to fingerprint e5 of project shop."));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(new Problem(409, "Conflict", "Jira issue OPS-18 is already linked to fingerprint e5 of project "
                + "shop."), response.getEntity());
    }

    @Test
    void invalidInputIsA400ProblemWithOneEntryPerField() {
        Response one = new InvalidInputProblemMapper().toResponse(InvalidInputException.of("cursor",
                "is not a cursor this API returned"));
        assertEquals(new Problem("about:blank", "Invalid request", 400, "cursor: is not a cursor this API returned",
                List.of(new Problem.FieldError("cursor", "is not a cursor this API returned"))), one.getEntity());
        Response two = new InvalidInputProblemMapper().toResponse(new InvalidInputException(List.of(
                new InvalidInputException.Field("jira.auth.user", "is required for basic auth"),
                new InvalidInputException.Field("jira.auth.token", "is required"))));
        assertEquals(Problem.MEDIA_TYPE, two.getMediaType().toString());
        assertEquals("2 fields are invalid", ((Problem) two.getEntity()).detail());
        assertEquals(2, ((Problem) two.getEntity()).errors().size());
    }
}
