package io.jirasync.fingerprint;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** How often a fingerprint's events carried one value of one attribute, and when last. */
@Entity
@Table(name = "fingerprint_attribute")
@IdClass(FingerprintAttribute.Key.class)
public class FingerprintAttribute {

    @Id
    @Column(name = "fingerprint_id")
    public Long fingerprintId;

    @Id
    @Column(length = 128)
    public String name;

    @Id
    @Column(length = 1024)
    public String value;

    @Column(name = "event_count", nullable = false)
    public long eventCount;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    /** The composite primary key (fingerprint, attribute, value). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public Long fingerprintId;
        public String name;
        public String value;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(fingerprintId, k.fingerprintId)
                    && Objects.equals(name, k.name) && Objects.equals(value, k.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fingerprintId, name, value);
        }
    }
}
