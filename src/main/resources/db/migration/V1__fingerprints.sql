-- Fingerprints (grouped errors) per tracker project, and a count per (fingerprint, attribute, value).

CREATE TABLE fingerprint (
    id                     bigint GENERATED ALWAYS AS IDENTITY,
    project                varchar(64)              NOT NULL,
    fingerprint            varchar(128)             NOT NULL,
    title                  varchar(1000)            NOT NULL,
    first_seen             timestamp with time zone NOT NULL,
    last_seen              timestamp with time zone NOT NULL,
    event_count            bigint                   NOT NULL,
    state                  varchar(16)              NOT NULL DEFAULT 'open',
    assignee               varchar(255),
    resolved_until_version varchar(128),
    -- Set when an event at or above resolved_until_version reopened the fingerprint; cleared by the next state change.
    regression             boolean                  NOT NULL DEFAULT false,
    regression_version     varchar(128),
    link                   varchar(2048),
    -- The linked Jira ticket, written by the outbound/inbound sync through FingerprintService.
    jira_issue_id          varchar(64),
    jira_issue_key         varchar(64),
    jira_issue_url         varchar(2048),
    jira_status            varchar(255),
    updated_at             timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT pk_fingerprint PRIMARY KEY (id),
    CONSTRAINT uq_fingerprint_project_fingerprint UNIQUE (project, fingerprint),
    CONSTRAINT ck_fingerprint_state CHECK (state IN ('open', 'in_progress', 'resolved', 'ignored')),
    CONSTRAINT ck_fingerprint_event_count CHECK (event_count >= 0)
);

-- The rules job: eligible fingerprints of a project by state and minimum count.
CREATE INDEX ix_fingerprint_project_state_event_count ON fingerprint (project, state, event_count);
-- Listing and polling what changed since a time.
CREATE INDEX ix_fingerprint_project_updated_at ON fingerprint (project, updated_at);
-- Webhooks name the Jira issue; at most one fingerprint per ticket and project.
CREATE UNIQUE INDEX uq_fingerprint_project_jira_issue_id ON fingerprint (project, jira_issue_id)
    WHERE jira_issue_id IS NOT NULL;

CREATE TABLE fingerprint_attribute (
    fingerprint_id bigint                   NOT NULL,
    name           varchar(128)             NOT NULL,
    value          varchar(1024)            NOT NULL,
    event_count    bigint                   NOT NULL,
    last_seen      timestamp with time zone NOT NULL,
    CONSTRAINT pk_fingerprint_attribute PRIMARY KEY (fingerprint_id, name, value),
    CONSTRAINT fk_fingerprint_attribute_fingerprint_id FOREIGN KEY (fingerprint_id)
        REFERENCES fingerprint (id) ON DELETE CASCADE
);

-- "The most frequent value of $name" (ties: the most recent) is the first entry of this index.
CREATE INDEX ix_fingerprint_attribute_fingerprint_id_name_event_count
    ON fingerprint_attribute (fingerprint_id, name, event_count DESC, last_seen DESC);

-- Accepted ingest requests, already summed per fingerprint, waiting to be folded into the tables above. Ingest only
-- appends here, so concurrent clients never wait on each other's fingerprint rows; the fold job merges many
-- requests into one upsert per fingerprint and deletes them in the same transaction.
CREATE TABLE ingest_batch (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    project     varchar(64)              NOT NULL,
    event_count bigint                   NOT NULL,
    received_at timestamp with time zone NOT NULL DEFAULT now(),
    payload     bytea                    NOT NULL,
    -- A request the database refuses to fold is set aside here (with the reason) instead of blocking later ones.
    failed_at   timestamp with time zone,
    failure     varchar(1000),
    CONSTRAINT pk_ingest_batch PRIMARY KEY (id)
);
