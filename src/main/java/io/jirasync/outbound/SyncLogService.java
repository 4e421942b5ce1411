package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The sync log: one line per attempt or decision, in both directions, each with a sentence. */
@ApplicationScoped
public class SyncLogService {

    /** One line of the sync log as the API shows it. */
    public record Entry(long id, OffsetDateTime at, String fingerprint, Long taskId, String taskKind, String taskState,
            String direction, String action, String outcome, String message, Integer jiraStatus, String jiraKey) {
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
        return lines.recent(project, fingerprint, beforeId, limit);
    }
}
