-- The request budget per Jira site (base URL + digest of the credential), shared by every replica.
-- A request may start only while fewer than the budget's requests are in flight or finished within the last
-- second (jira_request_log), which bounds what Jira receives in any one-second window whatever the latency.
-- The site row is the lock that serialises those decisions, and holds Retry-After pauses and slow-downs.
CREATE TABLE jira_request_budget (
    site_key      text                     NOT NULL,
    paused_until  timestamp with time zone,
    slow_until    timestamp with time zone,
    created_at    timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT pk_jira_request_budget PRIMARY KEY (site_key)
);

-- One row per request sent: when it was allowed to start and when its answer (or failure) came.
CREATE TABLE jira_request_log (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    site_key      text                     NOT NULL,
    started_at    timestamp with time zone NOT NULL,
    finished_at   timestamp with time zone,
    CONSTRAINT pk_jira_request_log PRIMARY KEY (id),
    CONSTRAINT fk_jira_request_log_site_key FOREIGN KEY (site_key)
        REFERENCES jira_request_budget (site_key) ON DELETE CASCADE
);

-- Every admission counts the site's recent requests and deletes its old ones by start time.
CREATE INDEX ix_jira_request_log_site_key_started_at ON jira_request_log (site_key, started_at);

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
