package io.jirasync.fingerprint;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.jirasync.domain.ConflictException;
import io.jirasync.domain.InvalidInputException;
import io.jirasync.domain.NotFoundException;
import io.jirasync.domain.UnavailableException;
import io.jirasync.queue.GroupCommit;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The fingerprint store: ingest, reads, tracker- and Jira-side changes, and the Jira link. Other features use
 * this service, never the tables. Changes from the tracker and regressions are announced as
 * {@link FingerprintChanged} CDI events inside the transaction (observe them {@code AFTER_SUCCESS}).
 */
@ApplicationScoped
public class FingerprintService {

    /** Most ingest requests in one staging statement. */
    static final int MAX_GROUP = 64;
    /** Longest a request waits for its staging to be committed before it fails (nothing answered 202). */
    private static final long WAIT_SECONDS = 30;

    private final FingerprintRepository fingerprints;
    private final FingerprintAttributeRepository attributes;
    private final IngestBatchRepository staged;
    private final FingerprintConfig config;
    private final Event<FingerprintChanged> changed;
    private final StagingRoom room = new StagingRoom();
    private final GroupCommit<IngestBatchRepository.Row, Void> staging = new GroupCommit<>("ingest-staging-writer",
            "an ingest request", MAX_GROUP, WAIT_SECONDS, this::writeStaged);

    FingerprintService(FingerprintRepository fingerprints, FingerprintAttributeRepository attributes,
            IngestBatchRepository staged, FingerprintConfig config, Event<FingerprintChanged> changed) {
        this.fingerprints = fingerprints;
        this.attributes = attributes;
        this.staged = staged;
        this.config = config;
        this.changed = changed;
    }

    @PostConstruct
    void start() {
        staging.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        staging.stop();
    }

    /**
     * Accepts a validated batch atomically: it is summed per fingerprint and staged as one row, and the fold job
     * ({@link #foldStaged()}) adds it to the fingerprints shortly after. Returns the number of events once the row
     * is committed (group commit, outside any transaction of the caller). When {@code max-staged-requests} wait
     * for the fold already, it stores nothing and throws {@link UnavailableException}.
     */
    public int ingest(String project, List<IngestEvent> events) {
        requireRoom("request was stored; send it again after Retry-After");
        IngestBatch batch = IngestBatch.of(events, config.versionAttributeOf(project));
        stage(project, batch);
        return events.size();
    }

    /**
     * Accepts one delivery of a tracker connector through the same staging as {@link #ingest}: the event counts
     * {@code increment} towards the fingerprint (0 when the tracker reports its own total in
     * {@code reportedCount}, which the count is then raised to), and {@code patch} (may be null) is applied when it
     * is folded, exactly like a {@code PATCH} of the fingerprint: it fires {@link FingerprintChanged}, so the Jira
     * ticket follows.
     */
    public void ingestFromTracker(String project, IngestEvent event, long increment, long reportedCount,
            FingerprintPatch patch) {
        requireRoom("delivery was stored; the tracker should send it again");
        stage(project, IngestBatch.ofTracker(event, config.versionAttributeOf(project), increment, reportedCount,
                patch));
    }

    /** Throws the 503 when {@code max-staged-requests} wait for the fold already ({@link StagingRoom}). */
    private void requireRoom(String nothingStored) {
        int bound = config.maxStagedRequests();
        if (!room.hasRoom(bound, () -> waitingUpTo(bound))) {
            throw new UnavailableException("The ingest queue is full: " + bound + " accepted requests wait to be"
                    + " counted on the fingerprints (jira-sync.fingerprint.max-staged-requests). Nothing of this "
                    + nothingStored + ".", config.fullRetryAfter());
        }
    }

    private long waitingUpTo(int bound) {
        try {
            return staged.waitingUpTo(bound);
        } catch (SQLException e) {
            throw new IllegalStateException("Counting the staged ingest requests failed: " + e.getMessage(), e);
        }
    }

    /** Stages the request through the staging writer and returns once its row is committed. */
    private void stage(String project, IngestBatch batch) {
        staging.submit(new IngestBatchRepository.Row(project, batch.events, batch.encode()));
        room.staged();
    }

    /** One insert for the group; one per request when the database refuses the group's data. */
    private void writeStaged(List<GroupCommit.Pending<IngestBatchRepository.Row, Void>> group) {
        staging.inOneStatement(group, rows -> {
            staged.insert(rows);
            return Collections.nCopies(rows.size(), null);
        });
    }

    /**
     * Folds every staged ingest request into the fingerprint tables (counts, first/last seen, attribute counters)
     * and reopens resolved fingerprints that saw an event at or above their resolved-until version. Each round of
     * up to {@code fold-batch} requests is its own transaction; safe to run on several replicas at once. Returns
     * the number of events folded. The fold job calls it; tests call it to see their events at once.
     */
    public long foldStaged() {
        long folded = 0;
        while (true) {
            long round;
            try {
                round = QuarkusTransaction.requiringNew().call(() -> fold(staged.claim(config.foldBatch())));
            } catch (RuntimeException e) {
                if (!isPoison(e)) {
                    throw e;
                }
                // One request the database refuses would block every later fold: retry one by one, set it aside.
                round = foldOneByOne();
            }
            if (round < 0) {
                return folded;
            }
            folded += round;
        }
    }

    /** Folds waiting requests one per transaction, setting aside those that cannot be folded. */
    private long foldOneByOne() {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> staged.waiting(config.foldBatch()));
        long folded = 0;
        for (long id : ids) {
            try {
                folded += Math.max(0, QuarkusTransaction.requiringNew().call(() -> fold(staged.claimOne(id))));
            } catch (RuntimeException e) {
                if (!isPoison(e)) {
                    throw e;
                }
                Log.errorf(e, "Staged ingest request %d cannot be folded; set aside in ingest_batch", id);
                QuarkusTransaction.requiringNew().run(() -> staged.setAside(id, poison(e).getMessage()));
            }
        }
        return ids.isEmpty() ? -1 : folded;
    }

    /** Folds claimed requests in the current transaction: events folded, or -1 when nothing was claimed. */
    private long fold(List<IngestBatchRepository.Staged> requests) throws SQLException {
        if (requests.isEmpty()) {
            return -1;
        }
        Map<String, IngestBatch> byProject = new TreeMap<>();
        for (IngestBatchRepository.Staged request : requests) {
            byProject.computeIfAbsent(request.project(), p -> new IngestBatch())
                    .addAll(IngestBatch.decode(request.payload()));
        }
        long events = 0;
        for (Map.Entry<String, IngestBatch> entry : byProject.entrySet()) {
            write(entry.getKey(), entry.getValue());
            events += entry.getValue().events;
        }
        staged.delete(requests);
        return events;
    }

    /** A failure that retrying cannot cure: an unreadable payload or data the database refuses (SQLSTATE 22, 23). */
    private static boolean isPoison(Throwable e) {
        return poison(e) != null;
    }

    /** The unreadable-payload or data exception in the cause chain, or null. */
    private static Throwable poison(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return t;
            }
            if (t instanceof IngestBatch.UnreadableException) {
                return t;
            }
        }
        return null;
    }

    private void write(String project, IngestBatch batch) throws SQLException {
        List<FingerprintRepository.Upserted> rows = fingerprints.upsert(project, batch);
        Map<Long, String> reopened = new LinkedHashMap<>();
        List<FingerprintChanged> regressions = new ArrayList<>();
        for (FingerprintRepository.Upserted row : rows) {
            String version = batch.fingerprints.get(row.fingerprint()).maxVersion;
            if (row.state() == FingerprintState.RESOLVED && row.resolvedUntilVersion() != null && version != null
                    && Versions.compare(version, row.resolvedUntilVersion()) >= 0) {
                reopened.put(row.id(), version);
                regressions.add(new FingerprintChanged(project, row.fingerprint(),
                        EnumSet.of(FingerprintChanged.Change.STATE, FingerprintChanged.Change.REGRESSION),
                        FingerprintState.OPEN, row.assignee(), version, row.count()));
                Log.infof("Regression: fingerprint %s of project %s was resolved until %s and saw %s; reopened",
                        row.fingerprint(), project, row.resolvedUntilVersion(), version);
            }
        }
        if (!reopened.isEmpty()) {
            fingerprints.reopen(reopened);
            regressions.forEach(changed::fire);
        }
        applyTrackerReports(project, batch, rows);
    }

    /** What tracker connectors reported: their event totals, then their changes, each like a PATCH. */
    private void applyTrackerReports(String project, IngestBatch batch, List<FingerprintRepository.Upserted> rows)
            throws SQLException {
        Map<Long, Long> counts = new LinkedHashMap<>();
        for (FingerprintRepository.Upserted row : rows) {
            long reported = batch.fingerprints.get(row.fingerprint()).reportedCount;
            if (reported > row.count()) {
                counts.put(row.id(), reported);
            }
        }
        if (!counts.isEmpty()) {
            fingerprints.raiseCounts(counts);
        }
        for (Map.Entry<String, IngestBatch.FingerprintSums> entry : batch.fingerprints.entrySet()) {
            if (entry.getValue().patch != null) {
                patch(project, entry.getKey(), entry.getValue().patch);
            }
        }
    }

    /** How many staged ingest requests wait to be folded ({@code [0]}) and how many were set aside ({@code [1]}). */
    @Transactional
    public long[] stagedBacklog() {
        return staged.backlog();
    }

    /** A fingerprint with the top {@code topValues} values of each of its attributes. */
    @Transactional
    public Optional<FingerprintView> find(String project, String fingerprint, int topValues) {
        return fingerprints.findByKey(project, fingerprint)
                .map(f -> FingerprintView.of(f, attributes.topValues(f.id, topValues)));
    }

    /** A fingerprint with the configured number of top values per attribute. */
    public Optional<FingerprintView> find(String project, String fingerprint) {
        return find(project, fingerprint, config.topValues());
    }

    /** The fingerprint linked to a Jira issue (by issue id) in a project. */
    @Transactional
    public Optional<FingerprintView> findByJiraIssueId(String project, String issueId) {
        return fingerprints.findByJiraIssueId(project, issueId)
                .map(f -> FingerprintView.of(f, attributes.topValues(f.id, config.topValues())));
    }

    /**
     * The value of {@code attribute} that most events of the fingerprint carried; on a tie the one seen most
     * recently. Empty when the fingerprint or the attribute is unknown (templates render it empty).
     */
    @Transactional
    public Optional<String> mostFrequentValue(String project, String fingerprint, String attribute) {
        return fingerprints.findByKey(project, fingerprint)
                .flatMap(f -> attributes.mostFrequent(f.id, attribute))
                .map(a -> a.value);
    }

    /** A page of fingerprints in a stable order; {@code cursor} is a previous page's {@code nextCursor} or null. */
    @Transactional
    public FingerprintPage list(String project, FingerprintFilter filter, String cursor, int limit) {
        long after = 0;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw InvalidInputException.of("cursor", "is not a cursor this API returned");
            }
        }
        List<Fingerprint> page = fingerprints.list(project, filter, after, limit);
        String next = page.size() == limit ? String.valueOf(page.get(page.size() - 1).id) : null;
        return new FingerprintPage(page.stream().map(f -> FingerprintView.of(f, null)).toList(), next);
    }

    /**
     * Fingerprints of a project in one of {@code states} with at least {@code minCount} events (only those without
     * a Jira ticket when {@code unlinkedOnly}), in id order after {@code afterId}: call again with the last id
     * until fewer than {@code limit} come back.
     */
    @Transactional
    public List<EligibleFingerprint> scanEligible(String project, Set<FingerprintState> states, long minCount,
            boolean unlinkedOnly, long afterId, int limit) {
        if (states.isEmpty()) {
            return List.of();
        }
        return fingerprints.eligible(project, states, minCount, unlinkedOnly, afterId, limit).stream()
                .map(f -> new EligibleFingerprint(f.id, f.project, f.fingerprint, f.title, f.state, f.eventCount))
                .toList();
    }

    /** A tracker-side change ({@code PATCH}); fires {@link FingerprintChanged} when something changed. */
    @Transactional
    public FingerprintView patch(String project, String fingerprint, FingerprintPatch patch) {
        Fingerprint f = locked(project, fingerprint);
        Set<FingerprintChanged.Change> changes = apply(f, patch);
        if (!changes.isEmpty()) {
            Log.infof("Fingerprint %s of project %s changed by the tracker: %s", fingerprint, project, changes);
            changed.fire(new FingerprintChanged(project, fingerprint, changes, f.state, f.assignee, null,
                    f.eventCount));
        }
        return FingerprintView.of(f, attributes.topValues(f.id, config.topValues()));
    }

    /**
     * A change that came from Jira (webhook or reconciliation): state, assignee, resolved-until version and the
     * ticket's status name (null: unchanged). Fires no event, so the outbound sync does not echo it back.
     * Returns what changed.
     */
    @Transactional
    public Set<FingerprintChanged.Change> applyFromJira(String project, String fingerprint, FingerprintPatch patch,
            String jiraStatus) {
        Fingerprint f = locked(project, fingerprint);
        Set<FingerprintChanged.Change> changes = apply(f, patch);
        if (jiraStatus != null && !jiraStatus.equals(f.jiraStatus)) {
            f.jiraStatus = jiraStatus;
            f.updatedAt = Instant.now();
        }
        if (!changes.isEmpty()) {
            Log.infof("Fingerprint %s of project %s changed from Jira (%s): %s", fingerprint, project, f.jiraIssueKey,
                    changes);
        }
        return changes;
    }

    /** Links (or re-links) the fingerprint to a Jira ticket; 409 when another fingerprint has that ticket. */
    @Transactional
    public void linkJira(String project, String fingerprint, JiraLink link) {
        Objects.requireNonNull(link.key(), "key");
        if (fingerprints.link(project, fingerprint, link, Instant.now()).isEmpty()) {
            Fingerprint f = locked(project, fingerprint);
            fingerprints.findByJiraIssueId(project, link.issueId()).filter(other -> !other.id.equals(f.id))
                    .ifPresent(other -> {
                        throw new ConflictException("Conflict", "Jira issue " + link.key() + " is already linked"
                                + " to fingerprint " + other.fingerprint + " of project " + project + ".");
                    });
            throw new IllegalStateException("Fingerprint " + fingerprint + " of project " + project + " was not linked");
        }
        Log.infof("Fingerprint %s of project %s linked to %s", fingerprint, project, link.key());
    }

    /** Removes the fingerprint's Jira link; nothing happens when it has none. */
    @Transactional
    public void unlinkJira(String project, String fingerprint) {
        Fingerprint f = locked(project, fingerprint);
        if (f.jiraIssueKey != null) {
            Log.infof("Fingerprint %s of project %s unlinked from %s", fingerprint, project, f.jiraIssueKey);
            f.jiraIssueId = null;
            f.jiraIssueKey = null;
            f.jiraIssueUrl = null;
            f.jiraStatus = null;
            f.updatedAt = Instant.now();
        }
    }

    private Fingerprint locked(String project, String fingerprint) {
        return fingerprints.findByKeyForUpdate(project, fingerprint).orElseThrow(() -> new NotFoundException(
                "Project " + project + " has no fingerprint " + fingerprint + "."));
    }

    private static Set<FingerprintChanged.Change> apply(Fingerprint f, FingerprintPatch patch) {
        Set<FingerprintChanged.Change> changes = EnumSet.noneOf(FingerprintChanged.Change.class);
        if (patch.state() != null && patch.state() != f.state) {
            f.state = patch.state();
            // Someone acted on the fingerprint: the regression mark has done its job.
            f.regression = false;
            f.regressionVersion = null;
            changes.add(FingerprintChanged.Change.STATE);
        }
        if (patch.setsAssignee() && !Objects.equals(patch.assignee(), f.assignee)) {
            f.assignee = patch.assignee();
            changes.add(FingerprintChanged.Change.ASSIGNEE);
        }
        if (patch.setsResolvedUntilVersion() && !Objects.equals(patch.resolvedUntilVersion(), f.resolvedUntilVersion)) {
            f.resolvedUntilVersion = patch.resolvedUntilVersion();
            changes.add(FingerprintChanged.Change.RESOLVED_UNTIL_VERSION);
        }
        if (!changes.isEmpty()) {
            f.updatedAt = Instant.now();
        }
        return changes;
    }
}
