package io.jirasync.fingerprint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.hibernate.Hibernate;
import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

/**
 * The fingerprint aggregate ({@code fingerprint} and its {@code fingerprint_attribute} counters): reads and locks
 * through Panache, and ingest's folded batches written with two set-based upserts
 * ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE} with increments), in the caller's transaction.
 * Increments done by the database never lose a count to a concurrent writer, unlike read-modify-write through the
 * ORM.
 */
@ApplicationScoped
public class FingerprintRepository implements PanacheRepository<Fingerprint> {

    /** A fingerprint row after the upsert, as far as regression detection needs it. */
    record Upserted(long id, String fingerprint, FingerprintState state, String assignee, String resolvedUntilVersion,
            long count) {
    }

    private static final String UPSERT_FINGERPRINTS = """
            INSERT INTO fingerprint (project, fingerprint, title, first_seen, last_seen, event_count, link, updated_at)
            SELECT ?, u.fingerprint, u.title, u.first_seen::timestamptz, u.last_seen::timestamptz, u.event_count,
                   u.link, now()
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY
                 AS u(fingerprint, title, first_seen, last_seen, event_count, link, position)
            ORDER BY u.position
            ON CONFLICT (project, fingerprint) DO UPDATE SET
                event_count = fingerprint.event_count + EXCLUDED.event_count,
                first_seen = LEAST(fingerprint.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(fingerprint.last_seen, EXCLUDED.last_seen),
                title = CASE WHEN EXCLUDED.last_seen >= fingerprint.last_seen THEN EXCLUDED.title
                             ELSE fingerprint.title END,
                link = CASE WHEN EXCLUDED.link IS NOT NULL
                                 AND (fingerprint.link IS NULL OR EXCLUDED.last_seen >= fingerprint.last_seen)
                            THEN EXCLUDED.link ELSE fingerprint.link END,
                updated_at = now()
            RETURNING id, fingerprint, state, assignee, resolved_until_version, event_count""";

    private static final String UPSERT_ATTRIBUTES = """
            INSERT INTO fingerprint_attribute (fingerprint_id, name, value, event_count, last_seen)
            SELECT u.fingerprint_id, u.name, u.value, u.event_count, u.last_seen::timestamptz
            FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY
                 AS u(fingerprint_id, name, value, event_count, last_seen, position)
            ORDER BY u.position
            ON CONFLICT (fingerprint_id, name, value) DO UPDATE SET
                event_count = fingerprint_attribute.event_count + EXCLUDED.event_count,
                last_seen = GREATEST(fingerprint_attribute.last_seen, EXCLUDED.last_seen)""";

    private static final String REOPEN = """
            UPDATE fingerprint SET state = 'open', regression = true, regression_version = ?, updated_at = now()
            WHERE id = ? AND state = 'resolved'""";

    // Links in one statement, unless another fingerprint of the project has the issue (the unique index
    // uq_fingerprint_project_jira_issue_id would refuse it anyway, with a less telling error).
    private static final String LINK = """
            UPDATE fingerprint SET jira_issue_id = ?, jira_issue_key = ?, jira_issue_url = ?, jira_status = ?,
                   updated_at = ?
            WHERE project = ? AND fingerprint = ?
              AND NOT EXISTS (SELECT 1 FROM fingerprint o
                              WHERE o.project = ? AND o.jira_issue_id = ? AND o.fingerprint <> ?)
            RETURNING id""";

    private final DataSource dataSource;

    FingerprintRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Fingerprint> findByKey(String project, String fingerprint) {
        return find("project = ?1 and fingerprint = ?2", project, fingerprint).firstResultOptional();
    }

    /** Locked for update, so that concurrent ingests wait instead of racing a state change. */
    Optional<Fingerprint> findByKeyForUpdate(String project, String fingerprint) {
        return find("project = ?1 and fingerprint = ?2", project, fingerprint)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * Sets the fingerprint's Jira link in one statement, in the caller's transaction (after writing its pending
     * changes); the row's id, or empty when there is no such fingerprint or another one of the project has the
     * issue. A copy of the row this transaction holds is read again, so that it shows the link.
     */
    Optional<Long> link(String project, String fingerprint, JiraLink link, Instant at) {
        flush();
        Optional<Long> id;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LINK)) {
            statement.setString(1, link.issueId());
            statement.setString(2, link.key());
            statement.setString(3, link.url());
            statement.setString(4, link.status());
            statement.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(6, project);
            statement.setString(7, fingerprint);
            statement.setString(8, project);
            statement.setString(9, link.issueId());
            statement.setString(10, fingerprint);
            try (ResultSet rs = statement.executeQuery()) {
                id = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Linking fingerprint " + fingerprint + " of project " + project
                    + " failed: " + e.getMessage(), e);
        }
        id.ifPresent(this::reloadIfHeld);
        return id;
    }

    /** Reads the row again into the copy this transaction holds, if it holds one (no query otherwise). */
    private void reloadIfHeld(long id) {
        Session session = getEntityManager().unwrap(Session.class);
        Fingerprint held = session.getReference(Fingerprint.class, id);
        if (Hibernate.isInitialized(held)) {
            session.refresh(held);
        } else {
            session.detach(held);
        }
    }

    Optional<Fingerprint> findByJiraIssueId(String project, String issueId) {
        return find("project = ?1 and jiraIssueId = ?2", project, issueId).firstResultOptional();
    }

    List<Fingerprint> list(String project, FingerprintFilter filter, long afterId, int limit) {
        StringBuilder query = new StringBuilder("project = :project and id > :after");
        Map<String, Object> parameters = new HashMap<>(Map.of("project", project, "after", afterId));
        if (!filter.states().isEmpty()) {
            query.append(" and state in :states");
            parameters.put("states", new ArrayList<>(filter.states()));
        }
        if (filter.linked() != null) {
            query.append(filter.linked() ? " and jiraIssueKey is not null" : " and jiraIssueKey is null");
        }
        if (filter.updatedSince() != null) {
            query.append(" and updatedAt >= :since");
            parameters.put("since", filter.updatedSince());
        }
        return find(query.toString(), Sort.ascending("id"), parameters).page(0, limit).list();
    }

    List<Fingerprint> eligible(String project, Set<FingerprintState> states, long minCount, boolean unlinkedOnly,
            long afterId, int limit) {
        String query = "project = :project and state in :states and eventCount >= :min and id > :after"
                + (unlinkedOnly ? " and jiraIssueKey is null" : "");
        return find(query, Sort.ascending("id"), Map.of("project", project, "states", new ArrayList<>(states),
                "min", minCount, "after", afterId)).page(0, limit).list();
    }

    /** Upserts the batch's fingerprints and attribute counters; the rows come back in fingerprint order. */
    List<Upserted> upsert(String project, IngestBatch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Upserted> rows = upsertFingerprints(connection, project, batch);
            upsertAttributes(connection, batch, rows);
            return rows;
        }
    }

    /** Raises event counts to what a tracker reported (never lowers one), each by fingerprint id. */
    void raiseCounts(Map<Long, Long> countsById) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE fingerprint SET event_count = ? WHERE id = ? AND event_count < ?")) {
            for (Map.Entry<Long, Long> entry : countsById.entrySet()) {
                statement.setLong(1, entry.getValue());
                statement.setLong(2, entry.getKey());
                statement.setLong(3, entry.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Reopens fingerprints as regressions, each with the version that reopened it. */
    void reopen(Map<Long, String> versionsById) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(REOPEN)) {
            for (Map.Entry<Long, String> entry : versionsById.entrySet()) {
                statement.setString(1, entry.getValue());
                statement.setLong(2, entry.getKey());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static List<Upserted> upsertFingerprints(Connection connection, String project, IngestBatch batch)
            throws SQLException {
        int n = batch.fingerprints.size();
        String[] keys = new String[n];
        String[] titles = new String[n];
        String[] firstSeen = new String[n];
        String[] lastSeen = new String[n];
        Long[] counts = new Long[n];
        String[] links = new String[n];
        int i = 0;
        for (Map.Entry<String, IngestBatch.FingerprintSums> entry : batch.fingerprints.entrySet()) {
            IngestBatch.FingerprintSums sums = entry.getValue();
            keys[i] = entry.getKey();
            titles[i] = sums.title;
            firstSeen[i] = sums.firstSeen.toString();
            lastSeen[i] = sums.lastSeen.toString();
            counts[i] = sums.count;
            links[i] = sums.link;
            i++;
        }
        List<Upserted> rows = new ArrayList<>(n);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_FINGERPRINTS)) {
            statement.setString(1, project);
            statement.setArray(2, connection.createArrayOf("text", keys));
            statement.setArray(3, connection.createArrayOf("text", titles));
            statement.setArray(4, connection.createArrayOf("text", firstSeen));
            statement.setArray(5, connection.createArrayOf("text", lastSeen));
            statement.setArray(6, connection.createArrayOf("bigint", counts));
            statement.setArray(7, connection.createArrayOf("text", links));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Upserted(result.getLong(1), result.getString(2),
                            FingerprintState.fromWire(result.getString(3)).orElseThrow(), result.getString(4),
                            result.getString(5), result.getLong(6)));
                }
            }
        }
        return rows;
    }

    private static void upsertAttributes(Connection connection, IngestBatch batch, List<Upserted> rows)
            throws SQLException {
        int n = batch.attributeRows;
        if (n == 0) {
            return;
        }
        Map<String, Long> ids = new HashMap<>(rows.size() * 2);
        rows.forEach(row -> ids.put(row.fingerprint(), row.id()));
        // Lock order by (fingerprint id, name, value) in every transaction: ids ascend with our sorted keys only by
        // chance, so sort on the id explicitly.
        List<Map.Entry<String, IngestBatch.FingerprintSums>> byId = new ArrayList<>(batch.fingerprints.entrySet());
        byId.sort((a, b) -> Long.compare(ids.get(a.getKey()), ids.get(b.getKey())));
        Long[] fingerprintIds = new Long[n];
        String[] names = new String[n];
        String[] values = new String[n];
        Long[] counts = new Long[n];
        String[] lastSeen = new String[n];
        int i = 0;
        for (Map.Entry<String, IngestBatch.FingerprintSums> entry : byId) {
            long id = ids.get(entry.getKey());
            for (var attribute : entry.getValue().attributes.entrySet()) {
                for (var value : attribute.getValue().entrySet()) {
                    fingerprintIds[i] = id;
                    names[i] = attribute.getKey();
                    values[i] = value.getKey();
                    counts[i] = value.getValue().count;
                    lastSeen[i] = value.getValue().lastSeen.toString();
                    i++;
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_ATTRIBUTES)) {
            statement.setArray(1, connection.createArrayOf("bigint", fingerprintIds));
            statement.setArray(2, connection.createArrayOf("text", names));
            statement.setArray(3, connection.createArrayOf("text", values));
            statement.setArray(4, connection.createArrayOf("bigint", counts));
            statement.setArray(5, connection.createArrayOf("text", lastSeen));
            statement.executeUpdate();
        }
    }
}
