-- Signed-in sessions of the admin console (src/docs/console.md). The browser holds a random session id in an
-- HttpOnly cookie; only its SHA-256 is stored, so a copy of this table signs nobody in. The row keeps what the
-- admin token granted (role, projects), never the token.
create table console_session (
    id_hash      bytea                    not null,
    role         varchar(20)              not null,
    projects     text                     not null default '',
    csrf_token   varchar(64)              not null,
    draft        jsonb,
    created_at   timestamp with time zone not null default now(),
    last_seen_at timestamp with time zone not null default now(),
    expires_at   timestamp with time zone not null,
    constraint pk_console_session primary key (id_hash)
);

-- Expired sessions are deleted in batches, oldest first.
create index ix_console_session_expires_at on console_session (expires_at);
