package io.jirasync.jira.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A Jira user: Cloud identifies users by {@code accountId}, Server/Data Center by {@code name} (and {@code key}). */
@RegisterForReflection
public record JiraUser(String accountId, String name, String key, String emailAddress, String displayName,
        Boolean active) {

    /** The identifier this deployment expects when assigning: accountId on Cloud, name on Server. */
    public String id() {
        return accountId != null ? accountId : name;
    }
}
