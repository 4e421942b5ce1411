package io.jirasync.fingerprint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.jirasync.queue.WorkQueue;

/**
 * The {@code ingest_batch} table: accepted ingest requests staged for the fold job, claimed with the row locks
 * of the folding transaction, deleted once folded or set aside when they cannot be.
 */
@ApplicationScoped
public class IngestBatchRepository {

    /** A staged request, claimed for folding. */
    record Staged(long id, String project, byte[] payload) {
    }

    /** An accepted request to stage: its project, how many events it carries, and its encoded sums. */
    record Row(String project, long events, byte[] payload) {
    }

    // Rows in arrival order, so that the ids (the fold's order) follow it.
    private static final String INSERT = """
            insert into ingest_batch (project, event_count, payload)
            select u.project, u.event_count, u.payload
            from unnest(?::text[], ?::bigint[], ?::bytea[]) with ordinality as u(project, event_count, payload, position)
            order by u.position""";

    // The fold happens inside the claiming transaction, so the row locks are the lease: a replica that dies
    // releases them with its connection. SKIP LOCKED: replicas folding at once take different requests.
    static final WorkQueue QUEUE = new WorkQueue("ingest_batch", "t.failed_at is null", null, null, "t.id", null);

    private static final String CLAIM = QUEUE.lockSql(QUEUE.due(), null, "t.id, t.project, t.payload");
    private static final String CLAIM_ONE = QUEUE.lockSql(QUEUE.due(), "t.id = :id", "t.id, t.project, t.payload");

    private final EntityManager em;
    private final DataSource dataSource;

    IngestBatchRepository(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /**
     * Appends accepted requests in one statement on an auto-commit connection of its own (committed on return);
     * conflicts with nothing, so concurrent clients never wait on each other.
     */
    void insert(List<Row> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("The ingest staging writer needs an auto-commit connection");
            }
            statement.setArray(1, connection.createArrayOf("text", rows.stream().map(Row::project).toArray()));
            statement.setArray(2, connection.createArrayOf("int8", rows.stream().map(Row::events).toArray()));
            statement.setArray(3, connection.createArrayOf("bytea", rows.stream().map(Row::payload)
                    .toArray(byte[][]::new)));
            statement.executeUpdate();
        }
    }

    /** Locks up to {@code limit} staged requests, oldest first, that no other transaction holds. */
    List<Staged> claim(int limit) {
        return staged(em.createNativeQuery(CLAIM).setParameter("limit", limit).getResultList());
    }

    /** Locks one staged request, unless another transaction holds it or it is folded or set aside. */
    List<Staged> claimOne(long id) {
        return staged(em.createNativeQuery(CLAIM_ONE).setParameter("limit", 1).setParameter("id", id)
                .getResultList());
    }

    /** The ids of up to {@code limit} staged requests waiting to be folded, oldest first. */
    List<Long> waiting(int limit) {
        List<?> ids = em.createNativeQuery("select id from ingest_batch where failed_at is null order by id limit ?1")
                .setParameter(1, limit).getResultList();
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }

    /**
     * How many staged requests wait to be folded, counted up to {@code limit} only: the ingest check reads no more
     * rows than its bound however long the backlog. Needs no transaction: read on a JDBC connection.
     */
    long waitingUpTo(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select count(*) from (select 1 from ingest_batch where failed_at is null limit ?) waiting""")) {
            statement.setInt(1, limit);
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** How many staged requests wait to be folded, and how many were set aside. */
    long[] backlog() {
        Object[] row = (Object[]) em.createNativeQuery("""
                select count(*) filter (where failed_at is null), count(*) filter (where failed_at is not null)
                from ingest_batch""").getSingleResult();
        return new long[] { ((Number) row[0]).longValue(), ((Number) row[1]).longValue() };
    }

    /** Marks a staged request that cannot be folded, keeping it (and why) for an operator. */
    void setAside(long id, String failure) {
        em.createNativeQuery("update ingest_batch set failed_at = now(), failure = ?1 where id = ?2")
                .setParameter(1, failure.length() > 1000 ? failure.substring(0, 1000) : failure)
                .setParameter(2, id).executeUpdate();
    }

    /** Removes folded requests. */
    void delete(List<Staged> folded) {
        em.createNativeQuery("delete from ingest_batch where id in (?1)")
                .setParameter(1, folded.stream().map(Staged::id).toList()).executeUpdate();
    }

    private static List<Staged> staged(List<?> rows) {
        return rows.stream().map(r -> (Object[]) r)
                .map(r -> new Staged(((Number) r[0]).longValue(), (String) r[1], (byte[]) r[2])).toList();
    }
}
