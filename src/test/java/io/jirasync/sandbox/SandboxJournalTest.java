package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.CONTROL;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The request journal of {@code _control/journal}: one entry per answered Jira request, with its timing. */
@QuarkusTest
class SandboxJournalTest {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    private static JsonPath journal() {
        return given().get(CONTROL + "/journal").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> entries() {
        return journal().getList("entries");
    }

    @Test
    void everyAnsweredRequestIsAnEntryWithItsTimesUserAndStatus() {
        long before = System.currentTimeMillis();
        jira().get(API3 + "/myself").then().statusCode(200);
        String key = createBug("NPE");
        jira().body("{\"fields\": {\"summary\": \"edited\"}}").put(API3 + "/issue/" + key.toLowerCase())
                .then().statusCode(204);
        given().auth().preemptive().basic("ana@example.com", "wrong").get(API3 + "/myself").then().statusCode(401);
        long after = System.currentTimeMillis();

        List<Map<String, Object>> entries = entries();
        assertEquals(4, entries.size(), entries.toString());
        Map<String, Object> read = entries.get(0);
        assertEquals("GET", read.get("method"));
        assertEquals("/rest/api/3/myself", read.get("path"));
        assertEquals("jira-sync@example.com", read.get("user"));
        assertEquals(200, read.get("status"));
        assertNull(read.get("issue"), "a read is no issue write");
        assertNull(read.get("retryAfter"));
        long at = ((Number) read.get("at")).longValue();
        long answeredAt = ((Number) read.get("answeredAt")).longValue();
        assertTrue(before <= at && at <= answeredAt && answeredAt <= after, read.toString());

        assertEquals(List.of("POST", "/rest/api/3/issue", 201), List.of(entries.get(1).get("method"),
                entries.get(1).get("path"), entries.get(1).get("status")));
        assertNull(entries.get(1).get("issue"), "a create writes to no existing issue");
        Map<String, Object> edit = entries.get(2);
        assertEquals(key, edit.get("issue"), "the issue by its key, however the path spelled it");
        assertEquals(204, edit.get("status"));
        assertEquals("ana@example.com", entries.get(3).get("user"), "the user it claimed to be, even when refused");
        assertEquals(401, entries.get(3).get("status"));
        List<Long> seqs = entries.stream().map(e -> ((Number) e.get("seq")).longValue()).toList();
        assertTrue(seqs.get(0) < seqs.get(1) && seqs.get(1) < seqs.get(2) && seqs.get(2) < seqs.get(3), seqs.toString());
        assertEquals(0, journal().getInt("dropped"));
        assertEquals(100_000, journal().getInt("capacity"));
    }

    @Test
    void a429CarriesItsRetryAfterAndReasonSiteWideAndPerIssue() {
        String key = createBug("NPE");
        Sandbox.control("{\"writesPerIssuePerSecond\": 1}");
        // Back to back, so the second write meets the limit in the same second however slow the machine.
        for (int i = 0; i < 3; i++) {
            jira().body("{\"fields\": {\"summary\": \"edit " + i + "\"}}").put(API3 + "/issue/" + key);
        }
        Sandbox.control("{\"writesPerIssuePerSecond\": 0, \"failureShare\": 1, \"failureStatus\": 429, "
                + "\"retryAfterSeconds\": 3}");
        jira().get(API3 + "/myself").then().statusCode(429);

        List<Map<String, Object>> limited = entries().stream().filter(e -> e.get("status").equals(429)).toList();
        Map<String, Object> perIssue = limited.get(0);
        assertEquals("jira-per-issue-on-write", perIssue.get("reason"));
        assertEquals(key, perIssue.get("issue"));
        assertTrue(((Number) perIssue.get("retryAfter")).intValue() >= 1, perIssue.toString());
        Map<String, Object> forced = limited.get(limited.size() - 1);
        assertEquals("jira-burst-based", forced.get("reason"));
        assertEquals(3, forced.get("retryAfter"));
        assertEquals("jira-sync@example.com", forced.get("user"), "known before authentication, which it skips");
    }

    @Test
    void theSendTimeAClientStatesIsJournaledBesideTheArrival() {
        jira().header("X-Jira-Sync-Sent-At", "1234567890123").get(API3 + "/myself").then().statusCode(200);
        jira().header("X-Jira-Sync-Sent-At", "soon").get(API3 + "/myself").then().statusCode(200);
        jira().get(API3 + "/myself").then().statusCode(200);

        List<Map<String, Object>> entries = entries();
        assertEquals(1234567890123L, ((Number) entries.get(0).get("sentAt")).longValue());
        assertNull(entries.get(1).get("sentAt"), "no number, no send time");
        assertNull(entries.get(2).get("sentAt"), "a client that does not say");
        assertTrue(((Number) entries.get(2).get("at")).longValue() > 0);
    }

    @Test
    void clearingTheCountersEmptiesTheJournal() {
        jira().get(API3 + "/myself").then().statusCode(200);
        given().get(CONTROL).then().statusCode(200);
        assertEquals(1, entries().size(), "_control itself is not journaled");
        given().delete(CONTROL + "/counters").then().statusCode(204);
        assertEquals(0, entries().size());
        jira().get(API3 + "/myself").then().statusCode(200);
        Sandbox.reset();
        assertEquals(0, entries().size());
    }

    @Test
    void aFullJournalForgetsTheOldestAndCountsThem() {
        SandboxJournal journal = new SandboxJournal(3);
        for (long seq = 1; seq <= 5; seq++) {
            journal.add(new SandboxJournal.Entry(seq, null, seq, seq, "GET", "/rest/api/3/myself", "bot", null, 200, null,
                    null));
        }
        assertEquals(List.of(3L, 4L, 5L), journal.entries().stream().map(SandboxJournal.Entry::seq).toList());
        assertEquals(2L, journal.view().get("dropped"));
        journal.clear();
        assertEquals(0L, journal.view().get("dropped"));
        assertTrue(journal.entries().isEmpty());
    }
}
