-- Retention prunes finished rows by age in small batches; each of its queries finds its rows through one of these.
create index ix_webhook_inbox_processed_at on webhook_inbox (processed_at) where state in ('applied', 'ignored');
create index ix_sync_task_finished_at on sync_task (finished_at) where state = 'done';
create index ix_sync_log_at on sync_log (at);
-- Deleting a task sets its sync-log lines' task_id to null (fk_sync_log_task_id); without this every deleted task
-- scanned the whole log.
create index ix_sync_log_task_id on sync_log (task_id) where task_id is not null;
