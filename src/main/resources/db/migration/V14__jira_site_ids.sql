-- An opaque, random id per Jira site (base URL, auth type, user), so that request budgets, circuit breakers,
-- metrics and logs name a site without its URL and without anything derived from its credential. The URL and
-- user stay here, for an operator who wants to know which site an id is.
CREATE TABLE jira_site (
    id          text                     NOT NULL,
    url         text                     NOT NULL,
    auth_type   text                     NOT NULL,
    principal   text                     NOT NULL,
    created_at  timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT pk_jira_site PRIMARY KEY (id),
    CONSTRAINT uq_jira_site_url_auth_type_principal UNIQUE (url, auth_type, principal)
);

-- The budgets were keyed by the URL and an unsalted digest of the credential. Their rows only hold pauses of a
-- few seconds and the last second's requests; the budgets start again under the new ids.
DELETE FROM jira_request_budget;
