package io.jirasync.jira.dto;

/** An added comment (the body is not echoed back: it is ADF or wiki markup depending on the API version). */
public record Comment(String id, String self) {
}
