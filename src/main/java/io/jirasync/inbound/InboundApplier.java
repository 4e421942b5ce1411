package io.jirasync.inbound;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.jirasync.fingerprint.FingerprintChanged;
import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.fingerprint.Versions;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.outbound.JiraWriteLedger;
import io.jirasync.outbound.SyncLogService;
import io.jirasync.tracker.TrackerNotifications;
import io.quarkus.logging.Log;

/**
 * The one path by which Jira's state reaches a fingerprint, shared by the inbox processor and the reconciler:
 * status to state, assignee to tracker user, fix versions to resolved-until, deletion to unlink, a move to a new
 * key. Guards against stale and echoed changes, writes a sentence to the sync log for every decision, and queues
 * the tracker notification when something changed.
 */
@ApplicationScoped
public class InboundApplier {

    /** How a snapshot was dealt with: {@code applied} true when it was applied (changed or already so). */
    public record Result(boolean applied, boolean changed, String message) {
    }

    private static final Map<String, FingerprintState> BY_CATEGORY = Map.of("new", FingerprintState.OPEN,
            "indeterminate", FingerprintState.IN_PROGRESS, "done", FingerprintState.RESOLVED);

    private final FingerprintService fingerprints;
    private final JiraWriteLedger ledger;
    private final SyncLogService syncLog;
    private final TrackerNotifications tracker;
    private final InboundConfig config;
    private final EntityManager em;

    InboundApplier(FingerprintService fingerprints, JiraWriteLedger ledger, SyncLogService syncLog,
            TrackerNotifications tracker, InboundConfig config, EntityManager em) {
        this.fingerprints = fingerprints;
        this.ledger = ledger;
        this.syncLog = syncLog;
        this.tracker = tracker;
        this.config = config;
        this.em = em;
    }

    /**
     * Applies the issue's state to its linked fingerprint, in one transaction with the watermark, the sync log and
     * the notify task. {@code deliveryTimestamp} is the webhook's (null for reconciliation); {@code byOwnAccount}
     * marks a delivery caused by jira-sync's own Jira account; {@code via} names the path for the sync log
     * ({@code webhook} or {@code reconcile}); {@code note} is an extra sentence (why the delivery's own content
     * was used) or null. Unlinked issues are logged only when {@code logUnlinked}.
     */
    @Transactional
    public Result apply(StoredIntegration integration, IssueSnapshot issue, Instant deliveryTimestamp,
            boolean byOwnAccount, String via, String note, boolean logUnlinked) {
        String project = integration.project();
        Optional<FingerprintView> found = issue.issueId() == null ? Optional.empty()
                : fingerprints.findByJiraIssueId(project, issue.issueId());
        if (found.isEmpty()) {
            String message = "No fingerprint of project " + project + " is linked to Jira issue " + issue.key()
                    + " (id " + issue.issueId() + "); nothing to apply.";
            if (logUnlinked) {
                syncLog.record(project, null, null, "inbound", via, "ignored", message, null, issue.key());
            }
            return new Result(false, false, message);
        }
        FingerprintView fp = found.get();
        String key = fp.jira().key();
        if (byOwnAccount) {
            return ignored(project, fp, via, key, "The change to " + key + " was made by jira-sync's own Jira account: "
                    + "it is the echo of what jira-sync wrote and changes nothing.");
        }
        if (issue.deleted()) {
            fingerprints.unlinkJira(project, fp.fingerprint());
            em.createNativeQuery("delete from inbound_watermark where project = ?1 and issue_id = ?2")
                    .setParameter(1, project).setParameter(2, issue.issueId()).executeUpdate();
            FingerprintView after = fingerprints.find(project, fp.fingerprint()).orElseThrow();
            String message = "Jira issue " + key + " was deleted: the fingerprint is unlinked and stays "
                    + after.state().wire() + ".";
            return applied(integration, after, via, key, List.of("jira"), message);
        }
        Watermark mark = lockWatermark(project, issue.issueId());
        if (!mark.olderThan(issue, deliveryTimestamp)) {
            return ignored(project, fp, via, key, "jira-sync already applied " + key + " as it was at "
                    + watermarkText(project, issue.issueId()) + "; this " + (deliveryTimestamp == null
                            ? "search result" : "delivery") + " (Jira updated " + issue.updated()
                    + ") is not newer and changes nothing.");
        }

        List<String> sentences = new ArrayList<>();
        if (note != null) {
            sentences.add(note);
        }
        IntegrationSettings.Inbound switches = integration.settings().sync().inbound();
        FingerprintState state = null;
        boolean statusEcho = false;
        if (issue.statusName() != null) {
            if (!Boolean.TRUE.equals(switches.state())) {
                sentences.add("Inbound state sync is off: status " + issue.statusName() + " not applied.");
            } else if (ledger.isOwnWrite(project, key, JiraWriteLedger.Field.STATUS, issue.statusName(),
                    echoWindow(mark.statusForeignAt()))) {
                statusEcho = true;
                sentences.add("Status " + issue.statusName() + " is what jira-sync itself wrote to " + key
                        + ": not applied back.");
            } else {
                state = stateOf(integration.settings(), issue);
                if (state == null) {
                    sentences.add("Status " + issue.statusName() + " has no known status category and no entry in "
                            + "statusMapping.inbound: the state is left as it is.");
                }
            }
        }
        boolean setsAssignee = false;
        String assignee = null;
        if (issue.assigneeKnown()) {
            JiraPerson person = issue.assignee();
            if (!Boolean.TRUE.equals(switches.assignee())) {
                sentences.add("Inbound assignee sync is off: the assignee is not applied.");
            } else if (ledger.isOwnWrite(project, key, JiraWriteLedger.Field.ASSIGNEE,
                    person == null ? null : person.id(), echoWindow(mark.assigneeForeignAt()))
                    || (person != null && person.name() != null && person.accountId() != null
                            && ledger.isOwnWrite(project, key, JiraWriteLedger.Field.ASSIGNEE, person.name(),
                                    echoWindow(mark.assigneeForeignAt())))) {
                sentences.add("The assignee of " + key + " is what jira-sync itself set: not applied back.");
            } else if (person == null) {
                setsAssignee = true;
            } else {
                assignee = trackerUser(integration.settings(), person);
                if (assignee == null) {
                    sentences.add("Jira user " + person.describe() + " has no tracker user in the users mapping and "
                            + "Jira shows no e-mail for them: the assignee is left as it is.");
                } else {
                    setsAssignee = true;
                }
            }
        }
        boolean setsVersion = false;
        String version = null;
        if (issue.fixVersions() != null && issue.statusCategory() != null) {
            boolean done = "done".equals(issue.statusCategory());
            if (!Boolean.TRUE.equals(switches.fixVersion())) {
                sentences.add("Inbound fix-version sync is off: resolved-until is not applied.");
            } else if (done && !issue.fixVersions().isEmpty()) {
                setsVersion = true;
                version = issue.fixVersions().stream().max(Versions.COMPARATOR).orElseThrow();
            } else if (!done && !statusEcho) {
                // Cleared on a reopen, unless the reopen is jira-sync's own (a regression it pushed out).
                setsVersion = true;
            }
        }

        List<String> changes = new ArrayList<>();
        if (issue.key() != null && !issue.key().equals(key)) {
            fingerprints.linkJira(project, fp.fingerprint(), new JiraLink(issue.issueId(), issue.key(),
                    integration.browseUrl(issue.key()), issue.statusName() != null ? issue.statusName()
                            : fp.jira().status()));
            sentences.add("Jira issue " + key + " moved to " + issue.key() + ": the link follows it.");
            changes.add("jira");
            key = issue.key();
        }
        Set<FingerprintChanged.Change> changed = fingerprints.applyFromJira(project, fp.fingerprint(),
                new FingerprintPatch(state, setsAssignee, assignee, setsVersion, version), issue.statusName());
        FingerprintView after = fingerprints.find(project, fp.fingerprint()).orElseThrow();
        if (changed.contains(FingerprintChanged.Change.STATE)) {
            changes.add("state");
            sentences.add(0, "Status " + issue.statusName() + " of " + key + ": state " + fp.state().wire() + " -> "
                    + after.state().wire() + ".");
        }
        if (changed.contains(FingerprintChanged.Change.ASSIGNEE)) {
            changes.add("assignee");
            sentences.add("Assignee " + (fp.assignee() == null ? "nobody" : fp.assignee()) + " -> "
                    + (after.assignee() == null ? "nobody" : after.assignee()) + ".");
        }
        if (changed.contains(FingerprintChanged.Change.RESOLVED_UNTIL_VERSION)) {
            changes.add("resolvedUntilVersion");
            sentences.add(after.resolvedUntilVersion() == null
                    ? "Resolved-until " + fp.resolvedUntilVersion() + " cleared: " + key + " is not done any more."
                    : "Resolved until " + after.resolvedUntilVersion() + ", the highest fix version of " + key
                            + " " + issue.fixVersions() + ".");
        }
        boolean statusNameChanged = issue.statusName() != null && fp.jira().status() != null
                && !issue.statusName().equals(fp.jira().status());
        if (statusNameChanged && !statusEcho && !changes.contains("state")) {
            changes.add("jira");
        }
        boolean foreignStatus = state != null && !java.util.Objects.equals(issue.statusName(), fp.jira().status());
        boolean foreignAssignee = setsAssignee && !java.util.Objects.equals(assignee, fp.assignee());
        moveWatermark(project, issue, deliveryTimestamp, foreignStatus, foreignAssignee);
        if (changes.isEmpty()) {
            sentences.add(0, "Jira issue " + key + " (" + issue.statusName() + ", from " + issue.source()
                    + ") matches the fingerprint already: nothing changed.");
            String message = String.join(" ", sentences);
            syncLog.record(project, fp.fingerprint(), null, "inbound", via, "unchanged", message, null, key);
            return new Result(true, false, message);
        }
        sentences.add("Read from " + issue.source() + ".");
        return applied(integration, after, via, key, changes, String.join(" ", sentences));
    }

    private Result applied(StoredIntegration integration, FingerprintView after, String via, String key,
            List<String> changes, String message) {
        syncLog.record(integration.project(), after.fingerprint(), null, "inbound", via, "applied", message, null, key);
        tracker.enqueue(integration, after, changes, via);
        Log.infof("Inbound %s for fingerprint %s of project %s (%s): %s", via, after.fingerprint(),
                integration.project(), key, message);
        return new Result(true, true, message);
    }

    private Result ignored(String project, FingerprintView fp, String via, String key, String message) {
        syncLog.record(project, fp.fingerprint(), null, "inbound", via, "ignored", message, null, key);
        return new Result(false, false, message);
    }

    /** {@code statusMapping.inbound} by status name (case-insensitive), else the status category. */
    static FingerprintState stateOf(IntegrationSettings settings, IssueSnapshot issue) {
        Map<String, String> byName = settings.statusMapping() == null || settings.statusMapping().inbound() == null
                ? Map.of() : settings.statusMapping().inbound();
        for (Map.Entry<String, String> entry : byName.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(issue.statusName())) {
                return FingerprintState.fromWire(entry.getValue()).orElse(null);
            }
        }
        return issue.statusCategory() == null ? null
                : BY_CATEGORY.get(issue.statusCategory().toLowerCase(Locale.ROOT));
    }

    /** The users mapping read backwards, then the Jira user's e-mail when Jira shows it; null when neither. */
    static String trackerUser(IntegrationSettings settings, JiraPerson person) {
        if (settings.users() != null) {
            for (IntegrationSettings.UserMapping user : settings.users()) {
                if (user.jira().equals(person.accountId()) || user.jira().equals(person.name())) {
                    return user.tracker();
                }
            }
        }
        return person.email();
    }

    /**
     * What was applied last for an issue. A snapshot is newer by Jira's updated time first, by the delivery time on
     * a tie (a search result, with no delivery time, is never newer than an equal state).
     */
    record Watermark(Instant updated, Instant delivered, Instant statusForeignAt, Instant assigneeForeignAt) {

        boolean olderThan(IssueSnapshot issue, Instant deliveryTimestamp) {
            if (updated == null && delivered == null) {
                return true;
            }
            if (issue.updated() != null && updated != null && !issue.updated().equals(updated)) {
                return issue.updated().isAfter(updated);
            }
            if (issue.updated() == null && updated != null && deliveryTimestamp == null) {
                return false;
            }
            return deliveryTimestamp != null && (delivered == null || deliveryTimestamp.isAfter(delivered));
        }
    }

    /** The issue's watermark, row-locked so that replicas apply one issue's changes one after another. */
    private Watermark lockWatermark(String project, String issueId) {
        em.createNativeQuery("""
                insert into inbound_watermark (project, issue_id) values (?1, ?2)
                on conflict on constraint pk_inbound_watermark do nothing""")
                .setParameter(1, project).setParameter(2, issueId).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("""
                select jira_updated, delivery_timestamp, status_foreign_at, assignee_foreign_at from inbound_watermark
                where project = ?1 and issue_id = ?2 for update""")
                .setParameter(1, project).setParameter(2, issueId).getSingleResult();
        return new Watermark(instant(row[0]), instant(row[1]), instant(row[2]), instant(row[3]));
    }

    /**
     * How far back a write of jira-sync counts as the echo now arriving: the configured window, shortened to the
     * last time someone else's value of the field was applied (our earlier writes were overtaken by it).
     */
    private java.time.Duration echoWindow(Instant foreignAt) {
        if (foreignAt == null) {
            return config.echoWindow();
        }
        java.time.Duration since = java.time.Duration.between(foreignAt, Instant.now());
        return since.compareTo(config.echoWindow()) < 0 ? since : config.echoWindow();
    }

    private void moveWatermark(String project, IssueSnapshot issue, Instant deliveryTimestamp, boolean foreignStatus,
            boolean foreignAssignee) {
        em.createNativeQuery("""
                update inbound_watermark set jira_updated = greatest(jira_updated, ?3),
                    delivery_timestamp = greatest(delivery_timestamp, ?4), applied_at = now(),
                    status_foreign_at = case when ?5 then now() else status_foreign_at end,
                    assignee_foreign_at = case when ?6 then now() else assignee_foreign_at end
                where project = ?1 and issue_id = ?2""")
                .setParameter(1, project).setParameter(2, issue.issueId())
                .setParameter(3, issue.updated() == null ? null : Timestamp.from(issue.updated()))
                .setParameter(4, deliveryTimestamp == null ? null : Timestamp.from(deliveryTimestamp))
                .setParameter(5, foreignStatus).setParameter(6, foreignAssignee)
                .executeUpdate();
    }

    private String watermarkText(String project, String issueId) {
        Object updated = em.createNativeQuery("select jira_updated from inbound_watermark where project = ?1 and issue_id = ?2")
                .setParameter(1, project).setParameter(2, issueId).getSingleResult();
        return updated == null ? "its last delivery" : String.valueOf(instant(updated));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(value.toString());
    }
}
