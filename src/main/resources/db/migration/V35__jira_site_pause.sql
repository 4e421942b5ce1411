-- A site's Retry-After pause moves out of the budget row. That row is the lock every admission takes, one at a
-- time; a 429's pause written there queued behind those admissions (tens of ms on a loaded database), and another
-- replica could send a request in that time. Here it is written and read without waiting for any admission.
-- No foreign key to jira_request_budget: its check would share-lock the budget row and queue all the same.
CREATE TABLE jira_site_pause (
    site_key      text                     NOT NULL,
    paused_until  timestamp with time zone NOT NULL,
    paused_reason text                     NOT NULL,
    CONSTRAINT pk_jira_site_pause PRIMARY KEY (site_key)
);

INSERT INTO jira_site_pause (site_key, paused_until, paused_reason)
SELECT site_key, paused_until, coalesce(paused_reason, 'burst') FROM jira_request_budget WHERE paused_until IS NOT NULL;

-- The old columns stay for replicas of the previous version still running during a rolling upgrade (they read
-- them at every admission and would fail without them); nothing writes them any more. A later migration drops
-- them.
COMMENT ON COLUMN jira_request_budget.paused_until IS 'unused since V35 (jira_site_pause); kept for rolling upgrades';
COMMENT ON COLUMN jira_request_budget.paused_reason IS 'unused since V35 (jira_site_pause); kept for rolling upgrades';
