package io.jirasync.jira.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A Jira user: Cloud identifies users by {@code accountId}, Server/Data Center by {@code name} (and {@code key}).
 * {@code timeZone} is the user's zone, in which Jira reads the dates of this user's JQL.
 */
@RegisterForReflection
public record JiraUser(@Schema(description = "Account id (Cloud).") String accountId,
        @Schema(description = "User name (Server).") String name, @Schema(description = "User key (Server).") String key,
        @Schema(description = "E-mail address, when Jira shows it.") String emailAddress,
        @Schema(description = "Name as Jira shows it.") String displayName,
        @Schema(description = "Whether the account is active.") Boolean active,
        @Schema(description = "The user's time zone.") String timeZone) {

    /** The identifier this deployment expects when assigning: accountId on Cloud, name on Server. */
    public String id() {
        return accountId != null ? accountId : name;
    }
}
