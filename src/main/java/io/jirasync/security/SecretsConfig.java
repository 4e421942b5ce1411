package io.jirasync.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The key that encrypts stored secrets (Jira credentials, webhook and tracker secrets), and the keys it replaced. */
@ConfigMapping(prefix = "jira-sync.secrets")
public interface SecretsConfig {

    /** AES-256 key, base64 of 32 random bytes ({@code openssl rand -base64 32}). Required in production. */
    Optional<String> key();

    /** Previous keys (comma-separated base64), still used to decrypt while a rotation is under way. */
    Optional<List<String>> oldKeys();
}
