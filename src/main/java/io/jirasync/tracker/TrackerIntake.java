package io.jirasync.tracker;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintRequests;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.IngestEvent;
import io.quarkus.logging.Log;

/**
 * Hands what a connector reported to the fingerprint store's staging (the same intake as the ingest API), so the
 * webhook is answered once it is stored and the fold applies it shortly after. Texts longer than the ingest API
 * accepts are cut to its limits; an id that cannot be a fingerprint key is refused.
 */
@ApplicationScoped
public class TrackerIntake {

    private final FingerprintService fingerprints;
    private final TrackerEchoes echoes;

    TrackerIntake(FingerprintService fingerprints, TrackerEchoes echoes) {
        this.fingerprints = fingerprints;
        this.echoes = echoes;
    }

    /**
     * Stages one report unless it only brings back what jira-sync itself wrote to the tracker; then returns the
     * reason it was not staged (webhooks and the poll alike).
     */
    public java.util.Optional<String> stageUnlessEcho(String project, String kind, TrackerReport.Fingerprint report) {
        if (echoes.isEcho(project, report)) {
            return java.util.Optional.of(TrackerEchoes.REASON);
        }
        stage(project, kind, report);
        return java.util.Optional.empty();
    }

    /** Stages one report; throws the ingest's 503 when the staging is full. */
    public void stage(String project, String kind, TrackerReport.Fingerprint report) {
        if (!FingerprintRequests.FINGERPRINT.matcher(report.fingerprint()).matches()) {
            throw InvalidInputException.of("id", "the tracker's id '" + cut(report.fingerprint(), 200)
                    + "' is not 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        report.attributes().forEach((name, value) -> attributes.put(name,
                cut(value, FingerprintRequests.MAX_ATTRIBUTE_VALUE)));
        String link = report.link() != null && report.link().length() <= FingerprintRequests.MAX_LINK ? report.link()
                : null;
        IngestEvent event = new IngestEvent(report.fingerprint(), cut(report.title(), FingerprintRequests.MAX_TITLE),
                report.seen(), attributes, link);
        FingerprintPatch patch = report.patch();
        if (patch != null && patch.assignee() != null) {
            patch = new FingerprintPatch(patch.state(), patch.setsAssignee(),
                    cut(patch.assignee(), FingerprintRequests.MAX_ASSIGNEE), patch.setsResolvedUntilVersion(),
                    patch.resolvedUntilVersion());
        }
        fingerprints.ingestFromTracker(project, event, report.increment(), report.reportedCount(), patch);
        Log.debugf("Tracker webhook (%s) for %s: fingerprint %s, %s", kind, project, report.fingerprint(),
                report.what());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
