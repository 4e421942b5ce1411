package io.jirasync.security;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.INGEST;
import static io.jirasync.outbound.OutboundFixture.TRACKER;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Who may act on fingerprints and tickets, and which tickets a fingerprint may be linked to. */
@QuarkusTest
class RolesTest {

    @Inject
    FingerprintService fingerprints;

    /**
     * An integration of {@code project} on the sandbox's DEMO project and its fingerprint r-1; the fingerprint's
     * path. A project per test: the sandbox's reset starts issue ids again, and a link is unique per project.
     */
    private String shopWithFingerprint(String project) {
        resetSandbox("cloud");
        integration(project, ", \"customFields\": [{\"field\": \"Team\", \"value\": \"backend\"}]");
        ingest(project, List.of("r-1"), 1, Map.of("environment", "dev"));
        fingerprints.foldStaged();
        return "/api/v1/projects/" + project + "/fingerprints/r-1";
    }

    /** An issue of the sandbox's other project, OPS, which the integration's Jira user can see too. */
    private static String opsIssue() {
        return given().auth().preemptive().basic("jira-sync@example.com", "sandbox-api-token").contentType(ContentType.JSON)
                .body("{\"fields\": {\"project\": {\"key\": \"OPS\"}, \"issuetype\": {\"name\": \"Task\"},"
                        + " \"summary\": \"Not a ticket of the shop\"}}")
                .post(sandbox() + "/rest/api/3/issue").then().statusCode(201).extract().path("key");
    }

    @Test
    void ingestTokenCannotLinkATicketAndSaysWhichRoleCan() {
        String fingerprint = shopWithFingerprint("roles-link");
        String ticket = fingerprint + "/ticket";
        String foreign = opsIssue();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("{\"key\": \"" + foreign + "\"}").put(ticket)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("This token has the ingest role"))
                .body("detail", containsString("needs the tracker or admin role"));
        given().auth().oauth2(ADMIN).get(fingerprint).then().statusCode(200)
                .body("jira", nullValue());
    }

    @Test
    void ingestTokenCannotCreateUnlinkOrPatch() {
        String fingerprint = shopWithFingerprint("roles-create");
        String ticket = fingerprint + "/ticket";
        long created = received("POST /rest/api/3/issue");
        given().auth().oauth2(INGEST).post(ticket).then().statusCode(403)
                .body("detail", containsString("needs the tracker or admin role"));
        assertEquals(created, received("POST /rest/api/3/issue"), "a ticket was created for an ingest token");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("{\"state\": \"resolved\"}")
                .patch(fingerprint).then().statusCode(403)
                .body("detail", containsString("needs the tracker or admin role"));

        given().auth().oauth2(ADMIN).post(ticket).then().statusCode(201);
        given().auth().oauth2(INGEST).delete(ticket).then().statusCode(403)
                .body("detail", containsString("needs the tracker or admin role"));
        given().auth().oauth2(ADMIN).get(fingerprint).then().statusCode(200)
                .body("state", equalTo("open"))
                .body("jira.key", containsString("DEMO-"));
    }

    @Test
    void linkingAnIssueOfAnotherProjectIsRefusedBeforeAskingJira() {
        String fingerprint = shopWithFingerprint("roles-foreign");
        String ticket = fingerprint + "/ticket";
        String foreign = opsIssue();
        long reads = received("GET /rest/api/3/issue/{issueIdOrKey}");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"key\": \"" + foreign + "\"}").put(ticket)
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("key"))
                .body("errors[0].message", containsString("DEMO"))
                .body("detail", containsString(foreign));
        assertEquals(reads, received("GET /rest/api/3/issue/{issueIdOrKey}"), "Jira was asked for " + foreign);
        given().auth().oauth2(ADMIN).get(fingerprint).then().statusCode(200)
                .body("jira", nullValue());
    }

    @Test
    void trackerTokenIngestsReadsPatchesAndHandlesTickets() {
        String fingerprint = shopWithFingerprint("roles-tracker");
        String ticket = fingerprint + "/ticket";
        given().auth().oauth2(TRACKER).contentType(ContentType.JSON)
                .body("{\"fingerprint\": \"r-2\", \"title\": \"Boom\"}")
                .post("/api/v1/projects/roles-tracker/events").then().statusCode(202);
        given().auth().oauth2(TRACKER).contentType(ContentType.JSON).body("{\"state\": \"in_progress\"}")
                .patch(fingerprint).then().statusCode(200).body("state", equalTo("in_progress"));
        String key = given().auth().oauth2(TRACKER).post(ticket).then().statusCode(201).extract().path("jira.key");
        given().auth().oauth2(TRACKER).delete(ticket).then().statusCode(204);
        given().auth().oauth2(TRACKER).contentType(ContentType.JSON).body("{\"key\": \"" + key + "\"}").put(ticket)
                .then().statusCode(200).body("jira.key", equalTo(key));
        given().auth().oauth2(TRACKER).get(fingerprint).then().statusCode(200).body("jira.key", equalTo(key));
    }

    @Test
    void ingestTokenOnlySendsEventsAndTrackerTokenAdministersNothing() {
        String fingerprint = shopWithFingerprint("roles-ingest");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body("{\"fingerprint\": \"r-2\", \"title\": \"Boom\"}")
                .post("/api/v1/projects/roles-ingest/events").then().statusCode(202);
        given().auth().oauth2(INGEST).get(fingerprint).then().statusCode(403)
                .body("detail", equalTo("This token has the ingest role; GET " + fingerprint
                        + " needs the tracker or admin role (jira-sync.auth.tracker-tokens or jira-sync.auth.admin-tokens)."));
        given().auth().oauth2(TRACKER).get("/api/v1/integrations/roles-ingest").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This token has the tracker role; GET /api/v1/integrations/roles-ingest needs"
                        + " the admin role (jira-sync.auth.admin-tokens)."));
        given().auth().oauth2(TRACKER).get("/api/v1/integrations/roles-ingest/sync-log").then().statusCode(403);
    }
}
