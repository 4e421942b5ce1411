-- The reconcile cursor is kept per source: 'jira' (the Jira reconciliation) and 'tracker' (the poll of Sentry's or
-- GlitchTip's issues that repairs missed tracker webhooks), each with its own cursor and last error.
alter table reconcile_cursor add column source varchar(10) not null default 'jira';
alter table reconcile_cursor add constraint ck_reconcile_cursor_source check (source in ('jira', 'tracker'));
alter table reconcile_cursor drop constraint pk_reconcile_cursor;
alter table reconcile_cursor add constraint pk_reconcile_cursor primary key (project, source);
