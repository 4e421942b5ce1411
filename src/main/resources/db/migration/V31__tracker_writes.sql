-- The write ledger keeps what jira-sync wrote to the error tracker as well (side 'tracker', issue_key the
-- tracker's issue id), so that the tracker's webhook reporting jira-sync's own change back changes nothing.
alter table jira_write add column side varchar(10) not null default 'jira';
alter table jira_write add constraint ck_jira_write_side check (side in ('jira', 'tracker'));
drop index ix_jira_write_project_issue_key_field;
create index ix_jira_write_project_side_issue_key_field on jira_write (project, side, issue_key, field, written_at desc);
