-- Indexes for the admin console's pages (src/docs/console.md), so that they answer within 200 ms at p95 with
-- 100,000 fingerprints and 1,000,000 sync-log lines (ConsoleBenchmark, src/docs/performance.md).

-- Integrations page and GET /api/v1/integrations: failed tasks per project, the newest ticket created per project,
-- and the newest webhook delivery per project.
create index ix_sync_task_project_failed on sync_task (project) where state = 'failed';
create index ix_sync_task_project_created on sync_task (project, finished_at desc)
    where kind = 'create' and state = 'done';
create index ix_webhook_inbox_project_received_at on webhook_inbox (project, received_at desc);

-- Sync-log page filtered by outcome (failed lines are rare: without it a page walks the whole project's log).
create index ix_sync_log_project_outcome_id on sync_log (project, outcome, id desc);
