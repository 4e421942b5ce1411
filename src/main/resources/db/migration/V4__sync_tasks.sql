-- The transactional outbox: every call to Jira or to the tracker is a row here first.
create table sync_task (
    id              bigserial                not null,
    project         varchar(128)             not null,
    fingerprint     varchar(128)             not null,
    kind            varchar(20)              not null,
    payload         jsonb                    not null default '{}'::jsonb,
    state           varchar(20)              not null default 'pending',
    attempts        integer                  not null default 0,
    next_attempt_at timestamp with time zone not null default now(),
    lease_until     timestamp with time zone,
    claimed_by      varchar(200),
    last_status     integer,
    last_error      text,
    jira_key        varchar(100),
    created_at      timestamp with time zone not null default now(),
    updated_at      timestamp with time zone not null default now(),
    finished_at     timestamp with time zone,
    constraint pk_sync_task primary key (id),
    constraint ck_sync_task_kind check (kind in ('create', 'transition', 'assign', 'comment', 'notify')),
    constraint ck_sync_task_state check (state in ('pending', 'running', 'done', 'failed'))
);

-- At most one unfinished create per fingerprint: the database, not Java, prevents a second ticket being queued.
create unique index uq_sync_task_open_create on sync_task (project, fingerprint)
    where kind = 'create' and state in ('pending', 'running');
-- At most one waiting transition and one waiting assign per fingerprint: later changes replace the payload, so
-- stale intermediate states are never replayed.
create unique index uq_sync_task_pending_update on sync_task (project, fingerprint, kind)
    where kind in ('transition', 'assign') and state = 'pending';
-- The dispatcher claims due work; the lease index finds work whose worker died.
create index ix_sync_task_due on sync_task (next_attempt_at, id) where state = 'pending';
create index ix_sync_task_lease on sync_task (lease_until) where state = 'running';
create index ix_sync_task_project_fingerprint on sync_task (project, fingerprint, id);

-- What jira-sync did and why, per fingerprint: one line per attempt or decision, outbound and inbound.
create table sync_log (
    id          bigserial                not null,
    project     varchar(128)             not null,
    fingerprint varchar(128),
    task_id     bigint,
    direction   varchar(10)              not null,
    action      varchar(30)              not null,
    outcome     varchar(20)              not null,
    message     text                     not null,
    jira_status integer,
    jira_key    varchar(100),
    at          timestamp with time zone not null default now(),
    constraint pk_sync_log primary key (id),
    constraint fk_sync_log_task_id foreign key (task_id) references sync_task (id) on delete set null,
    constraint ck_sync_log_direction check (direction in ('outbound', 'inbound'))
);

create index ix_sync_log_project_id on sync_log (project, id desc);
create index ix_sync_log_project_fingerprint_id on sync_log (project, fingerprint, id desc);
