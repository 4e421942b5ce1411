package io.jirasync.retention;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The worker's tables' sizes, from PostgreSQL's catalog: no table is scanned. */
@ApplicationScoped
public class TableSizeRepository {

    /** A table's estimated rows and its bytes on disk with indexes and TOAST. */
    record Size(String table, long rows, long bytes) {
    }

    private final EntityManager em;

    TableSizeRepository(EntityManager em) {
        this.em = em;
    }

    // reltuples is the planner's estimate, kept current by autovacuum; -1 until a table is first analysed.
    @SuppressWarnings("unchecked")
    List<Size> sizes(List<String> tables) {
        List<Object[]> rows = em.createNativeQuery("""
                select c.relname, greatest(c.reltuples, 0), pg_total_relation_size(c.oid) from pg_class c
                where c.relnamespace = cast(current_schema() as regnamespace) and c.relkind in ('r', 'p')
                  and c.relname = any(string_to_array(?1, ','))""")
                .setParameter(1, String.join(",", tables)).getResultList();
        return rows.stream().map(r -> new Size((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue()))
                .toList();
    }
}
