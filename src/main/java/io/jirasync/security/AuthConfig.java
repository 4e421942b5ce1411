package io.jirasync.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Bearer tokens accepted by the API, per role (environment or Kubernetes Secret). Each list is comma-separated;
 * an entry {@code token@shop|web} limits that token to the tracker projects {@code shop} and {@code web}.
 */
@ConfigMapping(prefix = "jira-sync.auth")
public interface AuthConfig {

    /** Tokens with the admin role: everything. Required in production. */
    Optional<List<String>> adminTokens();

    /** Tokens with the tracker role: ingest, and read, change and ticket fingerprints. */
    Optional<List<String>> trackerTokens();

    /** Tokens with the ingest role: send events only. */
    Optional<List<String>> ingestTokens();
}
