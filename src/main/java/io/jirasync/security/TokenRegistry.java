package io.jirasync.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Looks up the grant of a presented bearer token. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, over every configured token, so neither the content nor the length of a token
 * leaks through timing.
 */
@ApplicationScoped
public class TokenRegistry {

    private record Entry(byte[] digest, TokenGrant grant) {
    }

    private final List<Entry> entries;

    TokenRegistry(AuthConfig config) {
        entries = TokenEntry.of(config).stream()
                .map(e -> new Entry(digest(e.token()), new TokenGrant(e.role(), e.projects()))).toList();
    }

    /** The grant of this token, or empty when it is not a configured token. */
    public Optional<TokenGrant> grantOf(String token) {
        byte[] presented = digest(token);
        TokenGrant found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(presented, e.digest()) && found == null) {
                found = e.grant();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        return Hashes.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
