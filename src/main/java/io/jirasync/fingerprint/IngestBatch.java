package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's events summed per fingerprint and per (attribute, value) before they touch the database, so a
 * batch costs one upsert per distinct row. Sorted maps give every transaction the same row-lock order, which keeps
 * concurrent batches on the same fingerprints from deadlocking.
 */
final class IngestBatch {

    /** The sums for one fingerprint. */
    static final class FingerprintSums {
        long count;
        Instant firstSeen;
        Instant lastSeen;
        String title;
        String link;
        /** Highest version seen in this batch (numeric-aware), null when no event carried one. */
        String maxVersion;
        final TreeMap<String, TreeMap<String, ValueSums>> attributes = new TreeMap<>();
    }

    /** The sums for one (attribute, value). */
    static final class ValueSums {
        long count;
        Instant lastSeen;
    }

    final TreeMap<String, FingerprintSums> fingerprints = new TreeMap<>();
    int attributeRows;

    static IngestBatch of(List<IngestEvent> events, String versionAttribute) {
        IngestBatch batch = new IngestBatch();
        for (IngestEvent event : events) {
            batch.add(event, versionAttribute);
        }
        return batch;
    }

    private void add(IngestEvent event, String versionAttribute) {
        FingerprintSums sums = fingerprints.computeIfAbsent(event.fingerprint(), k -> new FingerprintSums());
        Instant at = event.timestamp();
        sums.count++;
        if (sums.firstSeen == null || at.isBefore(sums.firstSeen)) {
            sums.firstSeen = at;
        }
        // The newest event names the fingerprint, so a renamed error shows its current title.
        if (sums.lastSeen == null || !at.isBefore(sums.lastSeen)) {
            sums.lastSeen = at;
            sums.title = event.title();
            if (event.link() != null) {
                sums.link = event.link();
            }
        } else if (sums.link == null) {
            sums.link = event.link();
        }
        for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
            ValueSums value = sums.attributes.computeIfAbsent(attribute.getKey(), k -> new TreeMap<>())
                    .computeIfAbsent(attribute.getValue(), k -> {
                        attributeRows++;
                        return new ValueSums();
                    });
            value.count++;
            if (value.lastSeen == null || at.isAfter(value.lastSeen)) {
                value.lastSeen = at;
            }
        }
        String version = event.attributes().get(versionAttribute);
        if (version != null && !version.isBlank()
                && (sums.maxVersion == null || Versions.compare(version, sums.maxVersion) > 0)) {
            sums.maxVersion = version;
        }
    }
}
