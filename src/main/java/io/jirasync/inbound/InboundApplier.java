package io.jirasync.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.jirasync.fingerprint.FingerprintChanged;
import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.outbound.JiraWriteLedger;
import io.jirasync.outbound.SyncLogService;
import io.jirasync.tracker.TrackerNotifications;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;

/**
 * The one path by which Jira's state reaches a fingerprint, shared by the inbox processor and the reconciler:
 * status to state, assignee to tracker user, fix versions to resolved-until, deletion to unlink, a move to a new
 * key. Guards against stale and echoed changes, writes a sentence to the sync log for every decision, and queues
 * the tracker notification when something changed. The decisions themselves are {@link InboundDecisions}.
 */
@ApplicationScoped
public class InboundApplier {

    /**
     * How a snapshot was dealt with: {@code applied} true when it was applied (changed or already so); {@code reason}
     * a short code for the metrics ({@code changed}, {@code unchanged}, {@code own_write}, {@code deleted},
     * {@code unknown_issue}, {@code older_than_watermark}).
     */
    public record Result(boolean applied, boolean changed, String message, String reason) {
    }

    /** The per-field decisions for one snapshot. */
    private record Decided(InboundDecisions.Change<FingerprintState> state, InboundDecisions.Change<String> assignee,
            InboundDecisions.Change<String> resolvedUntil) {

        /** Whether a field was left alone because its value is jira-sync's own write. */
        boolean echo() {
            return state.echo() || assignee.echo();
        }

        FingerprintPatch patch() {
            return new FingerprintPatch(state.value(), assignee.sets(), assignee.value(), resolvedUntil.sets(),
                    resolvedUntil.value());
        }

        /** The note (when given), then each field's sentence, in field order. */
        List<String> sentences(String note) {
            List<String> sentences = new ArrayList<>();
            for (String sentence : new String[] { note, state.sentence(), assignee.sentence(), resolvedUntil.sentence() }) {
                if (sentence != null) {
                    sentences.add(sentence);
                }
            }
            return sentences;
        }
    }

    private final FingerprintService fingerprints;
    private final JiraWriteLedger ledger;
    private final SyncLogService syncLog;
    private final TrackerNotifications tracker;
    private final InboundConfig config;
    private final InboundWatermarkRepository watermarks;

    InboundApplier(FingerprintService fingerprints, JiraWriteLedger ledger, SyncLogService syncLog,
            TrackerNotifications tracker, InboundConfig config, InboundWatermarkRepository watermarks) {
        this.fingerprints = fingerprints;
        this.ledger = ledger;
        this.syncLog = syncLog;
        this.tracker = tracker;
        this.config = config;
        this.watermarks = watermarks;
    }

    /** Times taken as now when they lay too far ahead, and the sentences saying so (null when none was). */
    private record Times(IssueSnapshot issue, Instant delivered, String note) {
    }

    /**
     * Applies the issue's state to its linked fingerprint, in one transaction with the watermark, the sync log and
     * the notify task. {@code deliveryTimestamp} is the webhook's (null for reconciliation); {@code via} names the
     * path for the sync log ({@code webhook} or {@code reconcile}); {@code note} is an extra sentence (why the
     * delivery's own content was used) or null. Unlinked issues are logged only when {@code logUnlinked}. Echoes are
     * decided by the ledger of jira-sync's own writes alone, the same for both paths.
     */
    @Transactional
    @WithSpan("inbound apply")
    public Result apply(StoredIntegration integration, IssueSnapshot issue, Instant deliveryTimestamp, String via,
            String note, boolean logUnlinked) {
        Span.current().setAttribute("jira_sync.project", integration.project()).setAttribute("jira_sync.via", via)
                .setAttribute("jira.issue.key", String.valueOf(issue.key()));
        Optional<FingerprintView> found = issue.issueId() == null ? Optional.empty()
                : fingerprints.findByJiraIssueId(integration.project(), issue.issueId());
        if (found.isEmpty()) {
            return unlinked(integration.project(), issue, via, logUnlinked);
        }
        FingerprintView fp = found.get();
        if (issue.deleted()) {
            return deleted(integration, fp, issue, via);
        }
        Times times = notInTheFuture(integration.project(), fp.jira().key(), issue, deliveryTimestamp, via);
        Watermark mark = watermarks.lock(integration.project(), issue.issueId());
        String stale = InboundDecisions.stale(mark, times.issue(), times.delivered(), fp.jira().key());
        if (stale != null) {
            return ignored(integration.project(), fp, via, fp.jira().key(), joined(times.note(), stale),
                    "older_than_watermark");
        }
        return applyFields(integration, fp, times.issue(), mark, times.delivered(), via, joined(note, times.note()));
    }

    /** Jira's updated time and the delivery's, each taken as now when more than 5 minutes ahead (with a WARN). */
    private static Times notInTheFuture(String project, String key, IssueSnapshot issue, Instant delivered,
            String via) {
        Instant now = Instant.now();
        Instant updated = InboundDecisions.notInTheFuture(issue.updated(), now);
        Instant sent = InboundDecisions.notInTheFuture(delivered, now);
        String note = null;
        if (!Objects.equals(updated, issue.updated())) {
            note = InboundDecisions.takenAsNow("Jira's updated time of " + key, issue.updated(), now);
        }
        if (!Objects.equals(sent, delivered)) {
            note = joined(note, InboundDecisions.takenAsNow("The delivery's time", delivered, now));
        }
        if (note != null) {
            Log.warnf("Inbound %s for %s of project %s: %s", via, key, project, note);
        }
        return new Times(note == null ? issue : issue.withUpdated(updated), sent, note);
    }

    private static String joined(String first, String second) {
        return first == null ? second : second == null ? first : first + " " + second;
    }

    private Result unlinked(String project, IssueSnapshot issue, String via, boolean logUnlinked) {
        String message = "No fingerprint of project " + project + " is linked to Jira issue " + issue.key()
                + " (id " + issue.issueId() + "); nothing to apply.";
        if (logUnlinked) {
            syncLog.record(project, null, null, "inbound", via, "ignored", message, null, issue.key());
        }
        return new Result(false, false, message, "unknown_issue");
    }

    private Result deleted(StoredIntegration integration, FingerprintView fp, IssueSnapshot issue, String via) {
        fingerprints.unlinkJira(integration.project(), fp.fingerprint());
        watermarks.delete(integration.project(), issue.issueId());
        FingerprintView after = fingerprints.find(integration.project(), fp.fingerprint()).orElseThrow();
        String message = "Jira issue " + fp.jira().key() + " was deleted: the fingerprint is unlinked and stays "
                + after.state().wire() + ".";
        return applied(integration, after, via, fp.jira().key(), List.of("jira"), message, "deleted");
    }

    /** Decides each field, applies the patch, moves the watermark and logs what came of it. */
    private Result applyFields(StoredIntegration integration, FingerprintView fp, IssueSnapshot issue,
            Watermark mark, Instant deliveryTimestamp, String via, String note) {
        Decided decided = decide(integration, fp.jira().key(), issue, mark);
        List<String> sentences = decided.sentences(note);
        List<String> changes = new ArrayList<>();
        String key = followMove(integration, fp, issue, sentences, changes);
        Set<FingerprintChanged.Change> changed = fingerprints.applyFromJira(integration.project(), fp.fingerprint(),
                decided.patch(), issue.statusName());
        FingerprintView after = fingerprints.find(integration.project(), fp.fingerprint()).orElseThrow();
        describe(changed, fp, after, issue, key, sentences, changes);
        if (InboundDecisions.onlyStatusNameChanged(issue, fp.jira().status(), decided.state().echo(), changes)) {
            changes.add("jira");
        }
        watermarks.move(integration.project(), issue.issueId(), issue.updated(), deliveryTimestamp,
                decided.state().sets() && !Objects.equals(issue.statusName(), fp.jira().status()),
                decided.assignee().sets() && !Objects.equals(decided.assignee().value(), fp.assignee()));
        if (changes.isEmpty()) {
            return unchanged(integration.project(), fp, issue, via, key, sentences, decided.echo());
        }
        sentences.add("Read from " + issue.source() + ".");
        return applied(integration, after, via, key, changes, String.join(" ", sentences), "changed");
    }

    private Result unchanged(String project, FingerprintView fp, IssueSnapshot issue, String via, String key,
            List<String> sentences, boolean echo) {
        sentences.add(0, InboundDecisions.unchanged(issue, key));
        String message = String.join(" ", sentences);
        syncLog.record(project, fp.fingerprint(), null, "inbound", via, "unchanged", message, null, key);
        return new Result(true, false, message, echo ? "own_write" : "unchanged");
    }

    private Decided decide(StoredIntegration integration, String key, IssueSnapshot issue, Watermark mark) {
        String project = integration.project();
        InboundDecisions.Change<FingerprintState> state = InboundDecisions.state(integration.settings(), issue, key,
                () -> ledger.isOwnWrite(project, key, JiraWriteLedger.Field.STATUS, issue.statusName(),
                        echoWindow(mark.statusForeignAt())));
        InboundDecisions.Change<String> assignee = InboundDecisions.assignee(integration.settings(), issue, key,
                value -> ledger.isOwnWrite(project, key, JiraWriteLedger.Field.ASSIGNEE, value,
                        echoWindow(mark.assigneeForeignAt())));
        return new Decided(state, assignee,
                InboundDecisions.resolvedUntil(integration.settings(), issue, state.echo()));
    }

    /** Follows the ticket to its new key when it moved; returns the key it has now. */
    private String followMove(StoredIntegration integration, FingerprintView fp, IssueSnapshot issue,
            List<String> sentences, List<String> changes) {
        String key = fp.jira().key();
        if (issue.key() == null || issue.key().equals(key)) {
            return key;
        }
        fingerprints.linkJira(integration.project(), fp.fingerprint(), new JiraLink(issue.issueId(), issue.key(),
                integration.browseUrl(issue.key()), issue.statusName() != null ? issue.statusName()
                        : fp.jira().status()));
        sentences.add("Jira issue " + key + " moved to " + issue.key() + ": the link follows it.");
        changes.add("jira");
        return issue.key();
    }

    /** Adds the sentence and the change name of each field that changed. */
    private static void describe(Set<FingerprintChanged.Change> changed, FingerprintView before,
            FingerprintView after, IssueSnapshot issue, String key, List<String> sentences, List<String> changes) {
        if (changed.contains(FingerprintChanged.Change.STATE)) {
            changes.add("state");
            sentences.add(0, InboundDecisions.stateChanged(issue, key, before.state(), after.state()));
        }
        if (changed.contains(FingerprintChanged.Change.ASSIGNEE)) {
            changes.add("assignee");
            sentences.add(InboundDecisions.assigneeChanged(before.assignee(), after.assignee()));
        }
        if (changed.contains(FingerprintChanged.Change.RESOLVED_UNTIL_VERSION)) {
            changes.add("resolvedUntilVersion");
            sentences.add(InboundDecisions.resolvedUntilChanged(issue, key, before.resolvedUntilVersion(),
                    after.resolvedUntilVersion()));
        }
    }

    private Result applied(StoredIntegration integration, FingerprintView after, String via, String key,
            List<String> changes, String message, String reason) {
        syncLog.record(integration.project(), after.fingerprint(), null, "inbound", via, "applied", message, null, key);
        tracker.enqueue(integration, after, changes, via);
        Log.infof("Inbound %s for fingerprint %s of project %s (%s): %s", via, after.fingerprint(),
                integration.project(), key, message);
        return new Result(true, true, message, reason);
    }

    private Result ignored(String project, FingerprintView fp, String via, String key, String message,
            String reason) {
        syncLog.record(project, fp.fingerprint(), null, "inbound", via, "ignored", message, null, key);
        return new Result(false, false, message, reason);
    }

    /**
     * How far back a write of jira-sync counts as the echo now arriving: the configured window, shortened to the
     * last time someone else's value of the field was applied (our earlier writes were overtaken by it).
     */
    private Duration echoWindow(Instant foreignAt) {
        if (foreignAt == null) {
            return config.echoWindow();
        }
        Duration since = Duration.between(foreignAt, Instant.now());
        return since.compareTo(config.echoWindow()) < 0 ? since : config.echoWindow();
    }
}
