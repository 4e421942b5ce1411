package io.jirasync.fingerprint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events summed per fingerprint and per (attribute, value), so that writing them costs one upsert per distinct
 * row however many events and requests were folded together. Sorted maps give every transaction the same
 * row-lock order, which keeps concurrent writers on the same fingerprints from deadlocking. It has a compact
 * binary form for the {@code ingest_batch} staging table.
 */
final class IngestBatch {

    /** The sums for one fingerprint. */
    static final class FingerprintSums {
        long count;
        Instant firstSeen;
        Instant lastSeen;
        String title;
        String link;
        /** Highest version seen (numeric-aware), null when no event carried one. */
        String maxVersion;
        final TreeMap<String, TreeMap<String, ValueSums>> attributes = new TreeMap<>();
        /** The event count a tracker connector reported (the count is at least this), 0 when none did. */
        long reportedCount;
        /** The latest tracker-side change a connector delivered, applied like a PATCH; null when none. */
        FingerprintPatch patch;
    }

    /** The sums for one (attribute, value). */
    static final class ValueSums {
        long count;
        Instant lastSeen;
    }

    /** A staged payload that cannot be read back (corrupt, or written by an unknown format). */
    static final class UnreadableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Format 2 adds the reported count and the tracker-side change; format 1 payloads are still read. */
    private static final int FORMAT = 2;

    final TreeMap<String, FingerprintSums> fingerprints = new TreeMap<>();
    int attributeRows;
    long events;

    static IngestBatch of(List<IngestEvent> events, String versionAttribute) {
        IngestBatch batch = new IngestBatch();
        for (IngestEvent event : events) {
            FingerprintSums one = new FingerprintSums();
            one.count = 1;
            one.firstSeen = event.timestamp();
            one.lastSeen = event.timestamp();
            one.title = event.title();
            one.link = event.link();
            for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
                ValueSums value = new ValueSums();
                value.count = 1;
                value.lastSeen = event.timestamp();
                one.attributes.computeIfAbsent(attribute.getKey(), k -> new TreeMap<>()).put(attribute.getValue(), value);
            }
            String version = event.attributes().get(versionAttribute);
            one.maxVersion = version == null || version.isBlank() ? null : version;
            batch.add(event.fingerprint(), one);
        }
        return batch;
    }

    /**
     * One tracker connector's delivery: its event counts {@code increment} (0 when the tracker reports the total,
     * 1 for a single event it forwards), the total the tracker reported (0: none) and its change, if any.
     */
    static IngestBatch ofTracker(IngestEvent event, String versionAttribute, long increment, long reportedCount,
            FingerprintPatch patch) {
        IngestBatch batch = of(List.of(event), versionAttribute);
        FingerprintSums sums = batch.fingerprints.get(event.fingerprint());
        batch.events += increment - sums.count;
        sums.count = increment;
        sums.reportedCount = reportedCount;
        sums.patch = patch == null || patch.isEmpty() ? null : patch;
        return batch;
    }

    /** Adds another batch's sums to this one. */
    void addAll(IngestBatch other) {
        other.fingerprints.forEach(this::add);
    }

    private void add(String fingerprint, FingerprintSums more) {
        events += more.count;
        FingerprintSums sums = fingerprints.get(fingerprint);
        if (sums == null) {
            fingerprints.put(fingerprint, sums = new FingerprintSums());
            sums.firstSeen = more.firstSeen;
        }
        sums.count += more.count;
        sums.reportedCount = Math.max(sums.reportedCount, more.reportedCount);
        // Batches are added in the order they were staged: the later change is the tracker's latest word.
        if (more.patch != null) {
            sums.patch = more.patch;
        }
        if (more.firstSeen.isBefore(sums.firstSeen)) {
            sums.firstSeen = more.firstSeen;
        }
        // The newest event names the fingerprint, so a renamed error shows its current title.
        if (sums.lastSeen == null || !more.lastSeen.isBefore(sums.lastSeen)) {
            sums.lastSeen = more.lastSeen;
            sums.title = more.title;
            if (more.link != null) {
                sums.link = more.link;
            }
        } else if (sums.link == null) {
            sums.link = more.link;
        }
        if (more.maxVersion != null
                && (sums.maxVersion == null || Versions.compare(more.maxVersion, sums.maxVersion) > 0)) {
            sums.maxVersion = more.maxVersion;
        }
        for (var attribute : more.attributes.entrySet()) {
            TreeMap<String, ValueSums> values = sums.attributes.computeIfAbsent(attribute.getKey(), k -> new TreeMap<>());
            for (var entry : attribute.getValue().entrySet()) {
                ValueSums value = values.get(entry.getKey());
                if (value == null) {
                    values.put(entry.getKey(), value = new ValueSums());
                    attributeRows++;
                }
                value.count += entry.getValue().count;
                if (value.lastSeen == null || entry.getValue().lastSeen.isAfter(value.lastSeen)) {
                    value.lastSeen = entry.getValue().lastSeen;
                }
            }
        }
    }

    /** The binary form stored in {@code ingest_batch.payload}. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + fingerprints.size() * 64 + attributeRows * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(fingerprints.size());
            for (var entry : fingerprints.entrySet()) {
                FingerprintSums sums = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeLong(sums.count);
                writeInstant(out, sums.firstSeen);
                writeInstant(out, sums.lastSeen);
                out.writeUTF(sums.title);
                writeNullable(out, sums.link);
                writeNullable(out, sums.maxVersion);
                out.writeLong(sums.reportedCount);
                writePatch(out, sums.patch);
                out.writeInt(sums.attributes.size());
                for (var attribute : sums.attributes.entrySet()) {
                    out.writeUTF(attribute.getKey());
                    out.writeInt(attribute.getValue().size());
                    for (var value : attribute.getValue().entrySet()) {
                        out.writeUTF(value.getKey());
                        out.writeLong(value.getValue().count);
                        writeInstant(out, value.getValue().lastSeen);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #encode()}'s output back. */
    static IngestBatch decode(byte[] payload) {
        IngestBatch batch = new IngestBatch();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int format = in.readInt();
            if (format != 1 && format != FORMAT) {
                throw new UnreadableException("Unknown staged batch format " + format, null);
            }
            int fingerprints = in.readInt();
            for (int f = 0; f < fingerprints; f++) {
                String fingerprint = in.readUTF();
                FingerprintSums sums = new FingerprintSums();
                sums.count = in.readLong();
                sums.firstSeen = readInstant(in);
                sums.lastSeen = readInstant(in);
                sums.title = in.readUTF();
                sums.link = readNullable(in);
                sums.maxVersion = readNullable(in);
                if (format >= 2) {
                    sums.reportedCount = in.readLong();
                    sums.patch = readPatch(in);
                }
                int names = in.readInt();
                for (int n = 0; n < names; n++) {
                    TreeMap<String, ValueSums> values = new TreeMap<>();
                    sums.attributes.put(in.readUTF(), values);
                    int count = in.readInt();
                    for (int v = 0; v < count; v++) {
                        String value = in.readUTF();
                        ValueSums valueSums = new ValueSums();
                        valueSums.count = in.readLong();
                        valueSums.lastSeen = readInstant(in);
                        values.put(value, valueSums);
                    }
                }
                batch.add(fingerprint, sums);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableException unreadable) {
                throw unreadable;
            }
            throw new UnreadableException("Staged batch payload is unreadable: " + e, e);
        }
        return batch;
    }

    private static void writePatch(DataOutputStream out, FingerprintPatch patch) throws IOException {
        out.writeBoolean(patch != null);
        if (patch != null) {
            writeNullable(out, patch.state() == null ? null : patch.state().wire());
            out.writeBoolean(patch.setsAssignee());
            writeNullable(out, patch.assignee());
            out.writeBoolean(patch.setsResolvedUntilVersion());
            writeNullable(out, patch.resolvedUntilVersion());
        }
    }

    private static FingerprintPatch readPatch(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String state = readNullable(in);
        FingerprintState known = state == null ? null
                : FingerprintState.fromWire(state).orElseThrow(() -> new IOException("unknown state " + state));
        return new FingerprintPatch(known, in.readBoolean(),
                readNullable(in), in.readBoolean(), readNullable(in));
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
