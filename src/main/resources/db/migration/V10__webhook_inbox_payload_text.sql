-- The inbox keeps each delivery's body as the text Jira sent. The receiver has already parsed it (it must be a
-- JSON object) and the processor parses it again when it applies it; a jsonb column made PostgreSQL parse every
-- body a third time on insert, a large part of the cost of each delivery at the door.
alter table webhook_inbox alter column payload type text using payload::text;
