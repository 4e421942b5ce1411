-- One integration per tracker project: the settings document (without secrets) and the secrets, each
-- encrypted with AES-GCM under jira-sync.secrets.key (12-byte IV || ciphertext || tag).
create table integration (
    project          varchar(128)             not null,
    settings         jsonb                    not null,
    jira_secret      bytea,
    webhook_secret   bytea,
    tracker_secret   bytea,
    created_at       timestamp with time zone not null default now(),
    updated_at       timestamp with time zone not null default now(),
    constraint pk_integration primary key (project)
);

-- A known value encrypted under the configured key at first start, so a changed or wrong key is a clear
-- start-up error instead of undecryptable secrets later.
create table secret_key_check (
    id          smallint                 not null,
    ciphertext  bytea                    not null,
    created_at  timestamp with time zone not null default now(),
    constraint pk_secret_key_check primary key (id),
    constraint ck_secret_key_check_single check (id = 1)
);
