package io.jirasync.integration;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a re-encryption did, counted per stored secret; {@code failures} names the secrets no configured key opens
 * (project and which secret: "jira", "webhook" or "tracker"), never their content.
 */
public record SecretReEncryption(@Schema(description = "Secrets now encrypted with the current key.") int reEncrypted,
        @Schema(description = "Secrets that already were.") int alreadyCurrent,
        @Schema(description = "Secrets no configured key decrypts.") int failed,
        @Schema(description = "Which secrets of which integration failed.") List<Failure> failures) {

    /** One secret no configured key opens. */
    public record Failure(@Schema(description = "Integration (tracker project) of the secret.") String project,
            @Schema(description = "Which secret: jira.auth.token, webhookSecret or tracker.secret.") String secret) {
    }

    /** One secret's new stored value and how it counts. */
    record Step(byte[] stored, SecretReEncryption counted) {
    }

    static SecretReEncryption none() {
        return new SecretReEncryption(0, 0, 0, List.of());
    }

    SecretReEncryption plus(SecretReEncryption other) {
        List<Failure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new SecretReEncryption(reEncrypted + other.reEncrypted, alreadyCurrent + other.alreadyCurrent,
                failed + other.failed, List.copyOf(all));
    }
}
