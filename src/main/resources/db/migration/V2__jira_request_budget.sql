-- The request budget per Jira site (base URL + digest of the credential), shared by every replica.
-- Each request reserves the next free slot; slots are 1/rate seconds apart, so the replicas together never
-- send faster than the rate, whatever their number. A 429/503 with Retry-After moves paused_until.
CREATE TABLE jira_request_budget (
    site_key      text                     NOT NULL,
    last_slot_at  timestamp with time zone NOT NULL,
    next_slot_at  timestamp with time zone NOT NULL,
    paused_until  timestamp with time zone,
    slow_until    timestamp with time zone,
    CONSTRAINT pk_jira_request_budget PRIMARY KEY (site_key)
);

-- Writes to one issue held back after Jira answered 429 with RateLimit-Reason: jira-per-issue-on-write.
CREATE TABLE jira_issue_write_pause (
    site_key      text                     NOT NULL,
    issue_key     text                     NOT NULL,
    paused_until  timestamp with time zone NOT NULL,
    CONSTRAINT pk_jira_issue_write_pause PRIMARY KEY (site_key, issue_key),
    CONSTRAINT fk_jira_issue_write_pause_site_key FOREIGN KEY (site_key)
        REFERENCES jira_request_budget (site_key) ON DELETE CASCADE
);

-- Expired pauses are deleted by paused_until.
CREATE INDEX ix_jira_issue_write_pause_paused_until ON jira_issue_write_pause (paused_until);
