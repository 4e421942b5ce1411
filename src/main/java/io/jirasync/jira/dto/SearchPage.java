package io.jirasync.jira.dto;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a JQL search. Cloud pages are chained by {@code nextPageToken}; Server pages by {@code startAt}.
 * {@link #next()} is what to pass to get the following page, null on the last page.
 */
@RegisterForReflection
public record SearchPage(List<JiraIssue> issues, String next) {

    public boolean last() {
        return next == null;
    }
}
