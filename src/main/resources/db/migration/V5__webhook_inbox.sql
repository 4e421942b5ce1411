-- Every accepted Jira webhook delivery, stored before it is acknowledged, applied later by the inbox processor.
create table webhook_inbox (
    id                 bigserial                not null,
    project            varchar(128)             not null,
    dedupe_key         varchar(300)             not null,
    event_type         varchar(100),
    issue_id           varchar(50),
    issue_key          varchar(100),
    changelog_id       varchar(50),
    delivery_timestamp timestamp with time zone,
    received_at        timestamp with time zone not null default now(),
    payload            jsonb                    not null,
    state              varchar(20)              not null,
    attempts           integer                  not null default 0,
    next_attempt_at    timestamp with time zone not null default now(),
    reason             text,
    processed_at       timestamp with time zone,
    constraint pk_webhook_inbox primary key (id),
    constraint uq_webhook_inbox_project_dedupe_key unique (project, dedupe_key),
    constraint ck_webhook_inbox_state check (state in ('pending', 'applied', 'ignored', 'failed'))
);

-- The processor claims due pending deliveries oldest first.
create index ix_webhook_inbox_pending on webhook_inbox (next_attempt_at, id) where state = 'pending';
create index ix_webhook_inbox_project_issue on webhook_inbox (project, issue_id);
