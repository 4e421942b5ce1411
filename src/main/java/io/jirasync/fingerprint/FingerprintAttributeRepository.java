package io.jirasync.fingerprint;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

/** The per-value counters of fingerprints' attributes. */
@ApplicationScoped
public class FingerprintAttributeRepository
        implements PanacheRepositoryBase<FingerprintAttribute, FingerprintAttribute.Key> {

    /** The most frequent value (ties: the most recently seen), served by ix_fingerprint_attribute_..._event_count. */
    Optional<FingerprintAttribute> mostFrequent(long fingerprintId, String name) {
        return find("fingerprintId = ?1 and name = ?2", Sort.descending("eventCount", "lastSeen"), fingerprintId, name)
                .firstResultOptional();
    }

    /** Up to {@code perAttribute} values of every attribute, most frequent first, attributes by name. */
    Map<String, List<AttributeValue>> topValues(long fingerprintId, int perAttribute) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                SELECT name, value, event_count, last_seen FROM (
                    SELECT name, value, event_count, last_seen, row_number() OVER (
                        PARTITION BY name ORDER BY event_count DESC, last_seen DESC) AS rank
                    FROM fingerprint_attribute WHERE fingerprint_id = ?1) ranked
                WHERE rank <= ?2 ORDER BY name, rank""")
                .setParameter(1, fingerprintId).setParameter(2, perAttribute).getResultList();
        Map<String, List<AttributeValue>> top = new LinkedHashMap<>();
        for (Object[] row : rows) {
            top.computeIfAbsent((String) row[0], k -> new java.util.ArrayList<>())
                    .add(new AttributeValue((String) row[1], ((Number) row[2]).longValue(), instant(row[3])));
        }
        return top;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
