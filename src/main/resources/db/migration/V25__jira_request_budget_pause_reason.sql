-- Why a site is paused (burst, quota or server), so that every replica treats the pause alike: a burst or server
-- pause is waited out by the caller; a quota pause sends the task back to the outbox until the quota resets.
ALTER TABLE jira_request_budget ADD COLUMN paused_reason text;
