package io.jirasync.outbound;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.control;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.integration.MarkerLabel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** An attribute value cannot plant another fingerprint's marker label, so a retried create adopts only its own. */
@QuarkusTest
class ForgedMarkerLabelTest {

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    FingerprintService fingerprints;

    private void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private static String key(String fingerprint) {
        return given().auth().oauth2(ADMIN).get("/api/v1/projects/shopforge/fingerprints/" + fingerprint).then()
                .statusCode(200).extract().path("jira.key");
    }

    private static List<String> labels(String key) {
        return given().auth().basic("jira-sync@example.com", "sandbox-api-token")
                .get(sandbox() + "/rest/api/3/issue/" + key).then().statusCode(200).extract().jsonPath()
                .getList("fields.labels", String.class);
    }

    @Test
    void anAttributeValueWithACommaStaysOneLabelAndARetriedCreateAdoptsOnlyItsOwnTicket() {
        resetSandbox("cloud");
        integration("shopforge", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "labels": ["jira-sync", "$team"],
                  "customFields": [{"field": "Team", "value": "backend"}]""");
        String victimMarker = MarkerLabel.of("shopforge", "victim");
        ingest("shopforge", List.of("planter"), 1, Map.of("team", "x," + victimMarker));
        fingerprints.foldStaged();

        List<String> previewed = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fingerprint", "planter")).post("/api/v1/integrations/shopforge/preview").then()
                .statusCode(200).extract().path("body.fields.labels");
        assertEquals(List.of("jira-sync", "x," + victimMarker, MarkerLabel.of("shopforge", "planter")), previewed);

        assertEquals(1, rules.runOnce());
        drain();
        String planted = key("planter");
        assertEquals(List.of("jira-sync", "x," + victimMarker, MarkerLabel.of("shopforge", "planter")),
                labels(planted), "the create request the sandbox received");

        ingest("shopforge", List.of("victim"), 1, Map.of());
        fingerprints.foldStaged();
        control(Map.of("failForSeconds", 1, "failureStatus", 500));
        assertEquals(1, rules.runOnce());
        assertEquals(1, dispatcher.dispatchOnce(), "the first create of the victim meets a 500");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            drain();
            return key("victim") != null;
        });
        String own = key("victim");
        assertNotEquals(planted, own, "the retried create adopted another fingerprint's ticket");
        assertTrue(labels(own).contains(victimMarker), labels(own).toString());
    }

    @Test
    void aLabelTemplateThatIsOrRendersAMarkerIsLeftOutWithAWarning() {
        resetSandbox("cloud");
        integration("shopforge2", """
                , "labels": ["jira-sync-0123456789abcdef0123", "$where", "team-$team"],
                  "customFields": [{"field": "Team", "value": "backend"}]""");
        ingest("shopforge2", List.of("fp"), 1, Map.of("where", "JIRA-SYNC-feedfacefeedfacefeed", "team", "a b"));
        fingerprints.foldStaged();
        var preview = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("fingerprint", "fp"))
                .post("/api/v1/integrations/shopforge2/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("team-a_b", MarkerLabel.of("shopforge2", "fp")), preview.getList("body.fields.labels"));
        List<String> warnings = preview.getList("warnings", String.class);
        assertTrue(warnings.contains("The label 'jira-sync-0123456789abcdef0123' is left out: labels starting with"
                + " 'jira-sync-' are reserved for the marker label jira-sync adds itself"), warnings.toString());
        assertTrue(warnings.contains("The label 'JIRA-SYNC-feedfacefeedfacefeed' is left out: labels starting with"
                + " 'jira-sync-' are reserved for the marker label jira-sync adds itself"), warnings.toString());
    }
}
