package io.jirasync.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Looks up the role of a presented bearer token. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, over every configured token, so neither the content nor the length of a token
 * leaks through timing.
 */
@ApplicationScoped
public class TokenRegistry {

    private record Entry(byte[] digest, String role) {
    }

    private final List<Entry> entries = new ArrayList<>();

    TokenRegistry(AuthConfig config) {
        config.adminTokens().orElse(List.of()).stream().filter(t -> !t.isBlank())
                .forEach(t -> entries.add(new Entry(digest(t.trim()), Roles.ADMIN)));
        config.ingestTokens().orElse(List.of()).stream().filter(t -> !t.isBlank())
                .forEach(t -> entries.add(new Entry(digest(t.trim()), Roles.INGEST)));
    }

    /** The role of this token, or empty when it is not a configured token. */
    public Optional<String> roleOf(String token) {
        byte[] presented = digest(token);
        String found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(presented, e.digest()) && found == null) {
                found = e.role();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether at least one admin token is configured. */
    public boolean hasAdminToken() {
        return entries.stream().anyMatch(e -> e.role().equals(Roles.ADMIN));
    }

    private static byte[] digest(String token) {
        return Hashes.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
