-- Per Jira issue, the newest Jira state applied to its fingerprint: Jira's own "updated" time, then the webhook's
-- delivery time. An older delivery, or a search result already applied, never overwrites newer state.
-- status_foreign_at / assignee_foreign_at: when a status / assignee set by someone other than jira-sync was last
-- applied; jira-sync's own writes before that are no longer echoes (someone changed the field since).
create table inbound_watermark (
    project             varchar(128)             not null,
    issue_id            varchar(50)              not null,
    jira_updated        timestamp with time zone,
    delivery_timestamp  timestamp with time zone,
    status_foreign_at   timestamp with time zone,
    assignee_foreign_at timestamp with time zone,
    applied_at         timestamp with time zone not null default now(),
    constraint pk_inbound_watermark primary key (project, issue_id)
);

-- Where each integration's reconciliation stopped: the newest Jira "updated" time it has applied.
create table reconcile_cursor (
    project     varchar(128)             not null,
    cursor_at   timestamp with time zone not null,
    last_run_at timestamp with time zone not null default now(),
    last_seen   integer                  not null default 0,
    last_error  text,
    constraint pk_reconcile_cursor primary key (project)
);
