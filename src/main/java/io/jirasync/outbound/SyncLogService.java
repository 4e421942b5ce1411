package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The sync log: one line per attempt or decision, in both directions, each with a sentence. */
@ApplicationScoped
public class SyncLogService {

    /** One line of the sync log as the API shows it. */
    public record Entry(@Schema(description = "Entry id.") long id,
            @Schema(description = "When it happened.") OffsetDateTime at,
            @Schema(description = "Fingerprint concerned.") String fingerprint,
            @Schema(description = "Outbox task, when one was involved.") Long taskId,
            @Schema(description = "Kind of that task (create, transition, assign, comment, notify).") String taskKind,
            @Schema(description = "State of that task now.") String taskState,
            @Schema(description = "outbound (to Jira) or inbound (from Jira).") String direction,
            @Schema(description = "What was done or tried.") String action,
            @Schema(description = "How it went: queued, done, retry, failed, applied, ignored...") String outcome,
            @Schema(description = "What happened, in a sentence.") String message,
            @Schema(description = "HTTP status Jira answered, when it did.") Integer jiraStatus,
            @Schema(description = "Jira issue key concerned.") String jiraKey) {
    }

    private final SyncLogRepository lines;

    SyncLogService(SyncLogRepository lines) {
        this.lines = lines;
    }

    /** Writes one line, in the caller's transaction (or its own). */
    @Transactional
    public void record(String project, String fingerprint, Long taskId, String direction, String action,
            String outcome, String message, Integer jiraStatus, String jiraKey) {
        lines.insert(project, fingerprint, taskId, direction, action, outcome, message, jiraStatus, jiraKey);
    }

    /** Writes the same outbound line for each of the tasks just queued, in one statement. */
    @Transactional
    public void recordQueued(String project, List<SyncTaskRepository.Queued> tasks, String action, String message) {
        lines.insertForTasks(project, tasks, "outbound", action, "queued", message);
    }

    /** Deletes one batch of lines older than {@code age}; how many. */
    @Transactional
    public int prune(Duration age, int limit) {
        return lines.deleteOlderThan(age, limit);
    }

    /** Newest first; {@code fingerprint} and {@code beforeId} are optional filters. */
    @Transactional
    public List<Entry> recent(String project, String fingerprint, Long beforeId, int limit) {
        return lines.recent(project, fingerprint, null, null, beforeId, limit);
    }

    /** Newest first; every filter but the project is optional (null: any). */
    @Transactional
    public List<Entry> recent(String project, String fingerprint, String direction, String outcome, Long beforeId,
            int limit) {
        return lines.recent(project, fingerprint, direction, outcome, beforeId, limit);
    }
}
