package io.jirasync.outbound;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One call to Jira or to the tracker waiting, running or finished (the outbox). */
@Entity
@Table(name = "sync_task")
public class SyncTask {

    @Id
    public Long id;

    public String project;

    public String fingerprint;

    /** {@link TaskKind#db()}. */
    public String kind;

    /** Kind-specific JSON (target state, assignee, comment text ...). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    public TaskState state;

    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "jira_key")
    public String jiraKey;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** The kind as an enum. */
    public TaskKind taskKind() {
        return TaskKind.of(kind);
    }

    @Override
    public String toString() {
        return "task " + id + " (" + kind + " " + project + "/" + fingerprint + ", attempt " + attempts + ")";
    }
}
