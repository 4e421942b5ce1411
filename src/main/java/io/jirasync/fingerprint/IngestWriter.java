package io.jirasync.fingerprint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stages accepted requests in {@code ingest_batch} and writes folded {@link IngestBatch}es with two set-based
 * upserts ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE} with increments), inside the caller's
 * transaction. Increments done by the database never lose a count to a concurrent writer, unlike
 * read-modify-write through the ORM.
 */
@ApplicationScoped
public class IngestWriter {

    /** A fingerprint row after the upsert, as far as regression detection needs it. */
    record Upserted(long id, String fingerprint, FingerprintState state, String assignee, String resolvedUntilVersion,
            long count) {
    }

    /** A staged request, claimed for folding. */
    record Staged(long id, String project, byte[] payload) {
    }

    private static final String STAGE = "INSERT INTO ingest_batch (project, event_count, payload) VALUES (?, ?, ?)";

    // SKIP LOCKED: replicas folding at the same time take different requests instead of waiting.
    private static final String CLAIM = """
            SELECT id, project, payload FROM ingest_batch WHERE failed_at IS NULL
            ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""";

    private static final String CLAIM_ONE = """
            SELECT id, project, payload FROM ingest_batch WHERE failed_at IS NULL AND id = ?
            FOR UPDATE SKIP LOCKED""";

    private static final String WAITING = "SELECT id FROM ingest_batch WHERE failed_at IS NULL ORDER BY id LIMIT ?";

    private static final String BACKLOG = """
            SELECT count(*) FILTER (WHERE failed_at IS NULL), count(*) FILTER (WHERE failed_at IS NOT NULL)
            FROM ingest_batch""";

    private static final String SET_ASIDE = "UPDATE ingest_batch SET failed_at = now(), failure = ? WHERE id = ?";

    private static final String DELETE = "DELETE FROM ingest_batch WHERE id = ANY (?)";

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

    private final DataSource dataSource;

    IngestWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends an accepted request; conflicts with nothing, so concurrent clients never wait on each other. */
    void stage(String project, IngestBatch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(STAGE)) {
            statement.setString(1, project);
            statement.setLong(2, batch.events);
            statement.setBytes(3, batch.encode());
            statement.executeUpdate();
        }
    }

    /** Locks up to {@code limit} staged requests, oldest first, that no other transaction holds. */
    List<Staged> claim(int limit) throws SQLException {
        return claim(CLAIM, limit);
    }

    /** Locks one staged request, unless another transaction holds it or it is folded or set aside. */
    List<Staged> claimOne(long id) throws SQLException {
        return claim(CLAIM_ONE, id);
    }

    /** The ids of up to {@code limit} staged requests waiting to be folded, oldest first. */
    List<Long> waiting(int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(WAITING)) {
            statement.setInt(1, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                }
            }
        }
        return ids;
    }

    /** How many staged requests wait to be folded, and how many were set aside. */
    long[] backlog() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BACKLOG);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }

    /** Marks a staged request that cannot be folded, keeping it (and why) for an operator. */
    void setAside(long id, String failure) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SET_ASIDE)) {
            statement.setString(1, failure.length() > 1000 ? failure.substring(0, 1000) : failure);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    private List<Staged> claim(String sql, long parameter) throws SQLException {
        List<Staged> staged = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    staged.add(new Staged(result.getLong(1), result.getString(2), result.getBytes(3)));
                }
            }
        }
        return staged;
    }

    /** Removes folded requests. */
    void delete(List<Staged> folded) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DELETE)) {
            Long[] ids = folded.stream().map(Staged::id).toArray(Long[]::new);
            statement.setArray(1, connection.createArrayOf("bigint", ids));
            statement.executeUpdate();
        }
    }

    /** Upserts the batch's fingerprints and attribute counters; the rows come back in fingerprint order. */
    List<Upserted> write(String project, IngestBatch batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Upserted> rows = upsertFingerprints(connection, project, batch);
            upsertAttributes(connection, batch, rows);
            return rows;
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
