package io.jirasync.jira.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A Jira user: Cloud identifies users by {@code accountId}, Server/Data Center by {@code name} (and {@code key}).
 * {@code timeZone} is the user's zone, in which Jira reads the dates of this user's JQL.
 */
@RegisterForReflection
public record JiraUser(String accountId, String name, String key, String emailAddress, String displayName,
        Boolean active, String timeZone) {

    /** The identifier this deployment expects when assigning: accountId on Cloud, name on Server. */
    public String id() {
        return accountId != null ? accountId : name;
    }
}
