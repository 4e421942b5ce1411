package io.jirasync.jira.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code GET /serverInfo}: which Jira answers ({@code deploymentType} is "Cloud" or "Server"/"DataCenter"). */
@RegisterForReflection
public record ServerInfo(@Schema(description = "Jira's own base URL.") String baseUrl,
        @Schema(description = "Jira version.") String version,
        @Schema(description = "Jira version as numbers.") List<Integer> versionNumbers,
        @Schema(description = "Cloud or Server.") String deploymentType,
        @Schema(description = "Jira build number.") Long buildNumber,
        @Schema(description = "Title of the Jira site.") String serverTitle) {
}
