-- What jira-sync learnt of each Jira site URL, once for every replica and across restarts:
-- cloud_id: how Atlassian's API gateway names a Cloud site (scoped tokens and OAuth 2.0 go through
--   /ex/jira/{cloudId}), read from <site>/_edge/tenant_info;
-- deployment: what serverInfo.deploymentType said (cloud or server), for integrations that leave it out.
CREATE TABLE jira_site_info (
    url         text                     NOT NULL,
    cloud_id    text,
    deployment  text,
    updated_at  timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT pk_jira_site_info PRIMARY KEY (url),
    CONSTRAINT ck_jira_site_info_deployment CHECK (deployment IN ('cloud', 'server'))
);

-- The OAuth 2.0 tokens of a site account (jira_site: site URL, auth type, client id), each encrypted with the
-- secrets key. The row is also the lock that lets one replica at a time renew them: a refresh token of 3LO rotates
-- on every use, so two replicas refreshing at once would make one of them meet invalid_grant.
CREATE TABLE jira_oauth_token (
    site_id        text                     NOT NULL,
    access_token   bytea,
    renew_at       timestamp with time zone,
    refresh_token  bytea,
    updated_at     timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT pk_jira_oauth_token PRIMARY KEY (site_id),
    CONSTRAINT fk_jira_oauth_token_site FOREIGN KEY (site_id) REFERENCES jira_site (id) ON DELETE CASCADE
);
