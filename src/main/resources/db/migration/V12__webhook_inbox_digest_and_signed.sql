-- A delivery is a duplicate when its dedupe key (X-Atlassian-Webhook-Identifier, else issue + changelog + timestamp)
-- or its body (SHA-256, hex) was seen before: a replay under a made-up identifier is caught by the digest. Rows
-- stored before this have no digest and never collide.
alter table webhook_inbox add column body_digest varchar(64);
alter table webhook_inbox add constraint uq_webhook_inbox_project_body_digest unique (project, body_digest);

-- Whether the delivery's signature was checked. The content of an unsigned delivery is never applied: it only makes
-- the processor read the issue from Jira. Rows stored before this count as unsigned, the safe side.
alter table webhook_inbox add column signed boolean not null default false;
