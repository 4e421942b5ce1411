package io.jirasync.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Bearer tokens accepted by the API, per role (environment or Kubernetes Secret). */
@ConfigMapping(prefix = "jira-sync.auth")
public interface AuthConfig {

    /** Tokens with the admin role (comma-separated). Required in production. */
    Optional<List<String>> adminTokens();

    /** Tokens with the ingest role (comma-separated). */
    Optional<List<String>> ingestTokens();
}
