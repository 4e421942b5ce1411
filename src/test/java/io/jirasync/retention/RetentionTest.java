package io.jirasync.retention;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Old finished rows go, on the defaults (30 days of inbox and tasks, 90 of sync log); everything else stays. */
@QuarkusTest
class RetentionTest {

    private static final String P = "retention";

    @Inject
    RetentionJob retention;
    @Inject
    TableMetrics tableMetrics;
    @Inject
    DataSource dataSource;

    @BeforeEach
    @AfterEach
    void forgetThisProjectsRows() throws SQLException {
        sql("delete from sync_log where project = '" + P + "'");
        sql("delete from sync_task where project = '" + P + "'");
        sql("delete from webhook_inbox where project = '" + P + "'");
    }

    @Test
    void oldDoneTasksGoWhileYoungFailedAndOpenOnesStay() throws SQLException {
        long oldDone = task("fp-1", "notify", "done", 31);
        long youngDone = task("fp-1", "notify", "done", 29);
        long oldFailed = task("fp-1", "transition", "failed", 200);
        long oldPending = task("fp-2", "notify", "pending", 200);

        retention.runOnce();

        assertEquals(List.of(youngDone, oldFailed, oldPending), ids("sync_task"));
        assertTrue(oldDone > 0);
    }

    @Test
    void aFingerprintKeepsItsNewestCreateSoTheRulesJobNeverOpensASecondTicket() throws SQLException {
        long onlyCreate = task("unlinked", "create", "done", 365);
        long firstCreate = task("recreated", "create", "done", 365);
        long secondCreate = task("recreated", "create", "done", 200);

        retention.runOnce();

        assertEquals(List.of(onlyCreate, secondCreate), ids("sync_task"));
        assertTrue(firstCreate > 0);
    }

    @Test
    void oldSyncLogLinesGoAndALineOfAPrunedTaskStillShowsInTheLog() throws SQLException {
        long pruned = task("fp-1", "notify", "done", 60);
        logLine(null, 91, "too old");
        logLine(null, 89, "inbound, kept");
        logLine(pruned, 60, "of a pruned task");

        retention.runOnce();

        JsonPath page = given().auth().oauth2("test-admin-token-of-the-suite").get("/api/v1/integrations/" + P + "/sync-log")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("of a pruned task", "inbound, kept"), page.getList("entries.message"));
        Map<String, Object> line = page.getMap("entries[0]");
        assertNull(line.get("taskId"));
        assertEquals("notify", line.get("action"));
    }

    @Test
    void appliedAndIgnoredDeliveriesGoWhilePendingFailedAndYoungOnesStay() throws SQLException {
        delivery("applied", 31);
        delivery("ignored", 31);
        long young = delivery("applied", 29);
        long failed = delivery("failed", 200);
        long pending = delivery("pending", 200);

        retention.runOnce();

        assertEquals(List.of(young, failed, pending), ids("webhook_inbox"));
    }

    @Test
    void moreRowsThanABatchArePrunedInSeveralBoundedBatches() throws SQLException {
        sql("insert into sync_log (project, direction, action, outcome, message, at) select '" + P
                + "', 'inbound', 'status', 'applied', 'line ' || n, now() - interval '100 days'"
                + " from generate_series(1, 2500) as n");

        List<RetentionService.Pruned> runs = retention.runOnce();

        RetentionService.Pruned log = runs.stream().filter(r -> r.table().equals("sync_log")).findFirst().orElseThrow();
        assertEquals(2500, log.rows());
        assertEquals(3, log.batches());
        assertTrue(log.largestBatch() <= 1000, "a batch of " + log.largestBatch());
        assertEquals(0, count("select count(*) from sync_log where project = '" + P + "'"));
    }

    @Test
    void tableSizesAreOnTheMetricsPage() throws SQLException {
        logLine(null, 1, "something to measure");
        tableMetrics.refresh();

        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(metrics.contains("# HELP jira_sync_table_rows"), metrics);
        assertTrue(metrics.contains("# HELP jira_sync_table_bytes"), metrics);
        for (String table : List.of("sync_task", "sync_log", "webhook_inbox", "ingest_batch")) {
            assertTrue(metrics.contains("jira_sync_table_rows{table=\"" + table + "\"}"), table);
        }
        Matcher bytes = Pattern.compile("jira_sync_table_bytes\\{table=\"sync_log\"} ([0-9.E]+)").matcher(metrics);
        assertTrue(bytes.find(), metrics);
        assertTrue(Double.parseDouble(bytes.group(1)) > 0, bytes.group());
    }

    private long task(String fingerprint, String kind, String state, int daysOld) throws SQLException {
        String finished = state.equals("done") || state.equals("failed") ? "now() - interval '" + daysOld + " days'"
                : "null";
        return count("insert into sync_task (project, fingerprint, kind, state, created_at, updated_at,"
                + " next_attempt_at, finished_at) values ('" + P + "', '" + fingerprint + "', '" + kind + "', '"
                + state + "', now() - interval '" + daysOld + " days', now() - interval '" + daysOld + " days',"
                + " now() - interval '" + daysOld + " days', " + finished + ") returning id");
    }

    private void logLine(Long taskId, int daysOld, String message) throws SQLException {
        sql("insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message, at) values ('"
                + P + "', 'fp-1', " + taskId + ", '" + (taskId == null ? "inbound" : "outbound") + "', '"
                + (taskId == null ? "status" : "notify") + "', 'done', '" + message + "', now() - interval '"
                + daysOld + " days')");
    }

    private long delivery(String state, int daysOld) throws SQLException {
        String processed = state.equals("pending") ? "null" : "now() - interval '" + daysOld + " days'";
        return count("insert into webhook_inbox (project, dedupe_key, payload, state, received_at, next_attempt_at,"
                + " processed_at) values ('" + P + "', gen_random_uuid()::text, '{}', '" + state
                + "', now() - interval '" + daysOld + " days', now() - interval '" + daysOld + " days', " + processed
                + ") returning id");
    }

    private List<Long> ids(String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select id from " + table + " where project = '" + P + "' order by id")) {
            while (r.next()) {
                ids.add(r.getLong(1));
            }
        }
        return ids;
    }

    private long count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
