-- What the worker itself wrote to each ticket (status, assignee), so that the webhook or reconciliation that
-- brings the same value back is recognised as our own echo and changes nothing.
create table jira_write (
    id          bigserial                not null,
    project     varchar(128)             not null,
    fingerprint varchar(128)             not null,
    issue_key   varchar(100)             not null,
    field       varchar(20)              not null,
    value       varchar(1000),
    written_at  timestamp with time zone not null default now(),
    constraint pk_jira_write primary key (id),
    constraint ck_jira_write_field check (field in ('status', 'assignee'))
);

create index ix_jira_write_project_issue_key_field on jira_write (project, issue_key, field, written_at desc);
