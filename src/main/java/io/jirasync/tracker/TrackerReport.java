package io.jirasync.tracker;

import java.time.Instant;
import java.util.Map;

import io.jirasync.fingerprint.FingerprintPatch;

/**
 * What a connector made of a delivery: either a report on one fingerprint, or a valid delivery that jira-sync
 * does not use (and why).
 */
public sealed interface TrackerReport {

    /** A delivery jira-sync does not use, answered 202 with {@code reason}. */
    record Ignored(String reason) implements TrackerReport {
    }

    /**
     * A report on one of the tracker's issues (errors, items, groups).
     *
     * @param fingerprint the tracker's own id of it, the fingerprint's key
     * @param title its title
     * @param link the tracker's page for it
     * @param seen when it was last seen (or when the delivery was received, if the payload does not say)
     * @param attributes level, environment, release or version, culprit or context, platform, project, as far as
     *        the payload carries them
     * @param increment events this delivery adds: 1 for one forwarded event, 0 when the tracker reports its total
     * @param reportedCount the total event count the tracker reported, 0 when it reported none
     * @param patch a change made in the tracker (resolve, ignore, reopen, assign), or null
     * @param what a few words for logs and answers, e.g. {@code issue.resolved}
     */
    record Fingerprint(String fingerprint, String title, String link, Instant seen, Map<String, String> attributes,
            long increment, long reportedCount, FingerprintPatch patch, String what) implements TrackerReport {
    }
}
