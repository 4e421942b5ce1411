package io.jirasync.sandbox;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One issue held in the sandbox's memory; guarded by {@link SandboxService}'s lock. */
final class SandboxIssue {

    /** A comment; the body is ADF or wiki text as it was written. */
    record Comment(String id, SandboxCatalog.User author, JsonNode body, OffsetDateTime created) {
    }

    final String id;
    final String key;
    final SandboxCatalog.Project project;
    final SandboxCatalog.IssueType issueType;
    final SandboxCatalog.User creator;
    final OffsetDateTime created;
    /** Field id to value: String, JsonNode, Ref, List, or User, per the field's kind. */
    final Map<String, Object> values = new LinkedHashMap<>();
    final List<Comment> comments = new ArrayList<>();
    String statusId;
    OffsetDateTime updated;
    OffsetDateTime resolutionDate;
    OffsetDateTime statusCategoryChanged;

    SandboxIssue(String id, String key, SandboxCatalog.Project project, SandboxCatalog.IssueType issueType,
            SandboxCatalog.User creator, OffsetDateTime now, String statusId) {
        this.id = id;
        this.key = key;
        this.project = project;
        this.issueType = issueType;
        this.creator = creator;
        this.created = now;
        this.updated = now;
        this.statusCategoryChanged = now;
        this.statusId = statusId;
    }
}
