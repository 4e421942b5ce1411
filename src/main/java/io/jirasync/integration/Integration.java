package io.jirasync.integration;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored integration: its settings document without secrets, and each secret encrypted. */
@Entity
@Table(name = "integration")
public class Integration {

    @Id
    @Column(name = "project")
    public String project;

    /** The settings document (JSON) with every secret removed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "settings", nullable = false)
    public String settings;

    @Column(name = "jira_secret")
    public byte[] jiraSecret;

    @Column(name = "webhook_secret")
    public byte[] webhookSecret;

    @Column(name = "tracker_secret")
    public byte[] trackerSecret;

    @Column(name = "tracker_token")
    public byte[] trackerToken;

    @Column(name = "tracker_webhook_secret")
    public byte[] trackerWebhookSecret;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
