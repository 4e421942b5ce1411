package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The Retry-After rule of {@link RequestJournal#check}, on made-up journals: it must catch what it claims to. */
class RequestJournalTest {

    private static final String BOT = "bot";

    private static RequestJournal.Entry entry(long seq, long at, String method, String issue, int status,
            Integer retryAfter, String reason) {
        return new RequestJournal.Entry(seq, null, at, at + 1, method, "/rest/api/3/x", BOT, issue, status, retryAfter, reason);
    }

    @Test
    void aRequestSoonerThanASiteWideRetryAfterIsAViolationAndALaterOneIsNot() {
        List<RequestJournal.Entry> journal = List.of(
                entry(1, 1_000, "GET", null, 429, 2, "jira-burst-based"),
                entry(2, 2_500, "GET", null, 200, null, null),
                entry(3, 10_000, "POST", "DEMO-1", 429, 1, "jira-burst-based"),
                entry(4, 11_001, "POST", "DEMO-1", 201, null, null));
        RequestJournal.Report report = RequestJournal.check(journal, BOT, 5, 5);
        assertEquals(2, report.siteLimits());
        assertEquals(1, report.violations().size(), report.violations().toString());
        assertEquals(2, report.violations().get(0).next().seq());
        assertEquals(-501, report.violations().get(0).marginMillis(), "2.5 s - (1.001 s + 2 s)");
        assertEquals(List.of(-501L, 0L), report.siteGaps().stream().map(RequestJournal.Gap::marginMillis).toList(),
                "exactly Retry-After later is no violation");
        assertEquals(-501, RequestJournal.Report.tightest(report.siteGaps()).marginMillis());
    }

    @Test
    void aPerIssue429HoldsOnlyThatIssuesWritesAndOtherCallersAreNotJudged() {
        String perIssue = RequestJournal.PER_ISSUE;
        List<RequestJournal.Entry> journal = List.of(
                entry(1, 1_000, "PUT", "DEMO-1", 429, 1, perIssue),
                entry(2, 1_100, "GET", null, 200, null, null),
                entry(3, 1_200, "PUT", "DEMO-2", 204, null, null),
                new RequestJournal.Entry(4, null, 1_300, 1_301, "PUT", "/x", "someone-else", "DEMO-1", 204, null, null),
                entry(5, 1_500, "PUT", "DEMO-1", 204, null, null),
                entry(6, 1_600, "GET", null, 429, 1, "jira-burst-based"));
        RequestJournal.Report report = RequestJournal.check(journal, BOT, 5, 5);
        assertEquals(1, report.issueLimits());
        assertEquals(1, report.siteLimits());
        assertEquals(1, report.violations().size(), report.violations().toString());
        assertEquals(5, report.violations().get(0).next().seq(), "the second write to DEMO-1 came 499 ms after");
        assertEquals(List.of(), report.siteGaps(), "nothing of the bot arrived after the site-wide 429");
    }

    private static RequestJournal.Entry sent(long seq, long sentAt, long at, int status, Integer retryAfter) {
        return new RequestJournal.Entry(seq, sentAt, at, at + 1, "POST", "/rest/api/3/issue", BOT, null, status,
                retryAfter, retryAfter == null ? null : "jira-burst-based");
    }

    @Test
    void aRequestSentBeforeThe429WasAnsweredIsInFlightAndOneSentAfterIsJudgedBySendTime() {
        List<RequestJournal.Entry> journal = List.of(
                sent(1, 990, 1_000, 429, 3),
                sent(2, 999, 1_050, 201, null),
                sent(3, 1_004, 1_060, 201, null),
                sent(4, 2_000, 2_001, 201, null),
                sent(5, 4_010, 4_011, 201, null));
        RequestJournal.Report report = RequestJournal.check(journal, BOT, 5, 5);
        assertEquals(2, report.inFlight(), "sent before the answer at 1,001 (or within 5 ms of it), arrived after");
        assertEquals(3, report.latestUnreadMillis(), "#3, sent 3 ms after the answer");
        assertEquals(1, report.violations().size(), report.violations().toString());
        assertEquals(4, report.violations().get(0).next().seq(), "sent 999 ms after the answer, 2 s too soon");
        assertEquals(-2001, report.violations().get(0).marginMillis());
    }

    @Test
    void travelIsThePercentileOfSendToArrivalOfTheRequestsThatSayWhenTheyWereSent() {
        List<RequestJournal.Entry> journal = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            journal.add(sent(i, 1_000L * i, 1_000L * i + i, 201, null));
        }
        journal.add(entry(11, 20_000, "GET", null, 200, null, null));
        assertEquals(10, RequestJournal.travelMillis(journal, 90), "index n * p / 100 of the sorted times: the 10th");
        assertEquals(6, RequestJournal.travelMillis(journal, 50));
        assertEquals(0, RequestJournal.travelMillis(List.of(entry(1, 1, "GET", null, 200, null, null)), 90));
    }
}
