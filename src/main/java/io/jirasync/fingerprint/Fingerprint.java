package io.jirasync.fingerprint;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/** One grouped error of a tracker project, with its counters, tracker-side state and Jira link. */
@Entity
@Table(name = "fingerprint")
// Changes write only their own columns; counters belong to ingest's upserts.
@DynamicUpdate
public class Fingerprint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 128)
    public String project;

    @Column(nullable = false, length = 128)
    public String fingerprint;

    @Column(nullable = false, length = 1000)
    public String title;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Column(name = "event_count", nullable = false)
    public long eventCount;

    @Column(nullable = false, length = 16)
    public FingerprintState state;

    @Column(length = 255)
    public String assignee;

    @Column(name = "resolved_until_version", length = 128)
    public String resolvedUntilVersion;

    @Column(nullable = false)
    public boolean regression;

    @Column(name = "regression_version", length = 128)
    public String regressionVersion;

    @Column(length = 2048)
    public String link;

    @Column(name = "jira_issue_id", length = 64)
    public String jiraIssueId;

    @Column(name = "jira_issue_key", length = 64)
    public String jiraIssueKey;

    @Column(name = "jira_issue_url", length = 2048)
    public String jiraIssueUrl;

    @Column(name = "jira_status", length = 255)
    public String jiraStatus;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
