package io.jirasync.jira.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An added comment (the body is not echoed back: it is ADF or wiki markup depending on the API version). */
@RegisterForReflection
public record Comment(String id, String self) {
}
