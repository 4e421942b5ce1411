package io.jirasync.jira.dto;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code GET /serverInfo}: which Jira answers ({@code deploymentType} is "Cloud" or "Server"/"DataCenter"). */
@RegisterForReflection
public record ServerInfo(String baseUrl, String version, List<Integer> versionNumbers, String deploymentType,
        Long buildNumber, String serverTitle) {
}
