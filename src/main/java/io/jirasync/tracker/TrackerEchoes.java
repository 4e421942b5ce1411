package io.jirasync.tracker;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.outbound.JiraWriteLedger;

/**
 * Recognises a tracker webhook that reports back what jira-sync itself wrote to the tracker (the write ledger's
 * {@code tracker} side, within {@code jira-sync.tracker.echo-window}): such a delivery changes nothing.
 */
@ApplicationScoped
public class TrackerEchoes {

    /** The reason a recognised echo is answered with. */
    public static final String REASON = "echo of jira-sync's own change";

    private final JiraWriteLedger ledger;
    private final TrackerConfig config;

    TrackerEchoes(JiraWriteLedger ledger, TrackerConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    /** Whether every change the report carries (state, assignee) is the latest value jira-sync wrote there. */
    public boolean isEcho(String project, TrackerReport.Fingerprint report) {
        FingerprintPatch patch = report.patch();
        if (patch == null || patch.isEmpty()) {
            return false;
        }
        boolean state = patch.state() == null || own(project, report, JiraWriteLedger.Field.STATUS,
                patch.state().wire());
        return state && (!patch.setsAssignee() || own(project, report, JiraWriteLedger.Field.ASSIGNEE,
                patch.assignee()));
    }

    private boolean own(String project, TrackerReport.Fingerprint report, JiraWriteLedger.Field field, String value) {
        return ledger.isOwnWrite(JiraWriteLedger.Side.TRACKER, project, report.fingerprint(), field, value,
                config.echoWindow());
    }
}
