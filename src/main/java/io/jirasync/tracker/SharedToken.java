package io.jirasync.tracker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.jirasync.security.Hashes;

/**
 * For trackers that do not sign their webhooks: the integration's {@code tracker.webhookSecret} sent as
 * {@code ?token=} or in {@value #HEADER}. Never a bearer token: the admin's tokens are no webhook secret.
 */
public final class SharedToken {

    /** The header that may carry the webhook secret. */
    public static final String HEADER = "X-Jira-Sync-Token";

    private SharedToken() {
    }

    /** Why the delivery does not carry the secret, or null when it does (compared in constant time). */
    public static String problem(TrackerDelivery delivery, String secret) {
        String given = delivery.header(HEADER).orElse(delivery.queryToken());
        if (given == null || given.isEmpty()) {
            return "neither ?token= nor the " + HEADER + " header is given";
        }
        // Digests of equal length: the comparison takes as long whatever the given token's length.
        return MessageDigest.isEqual(digest(given), digest(secret)) ? null : "the token is not the webhook secret";
    }

    private static byte[] digest(String value) {
        return Hashes.sha256(value.getBytes(StandardCharsets.UTF_8));
    }
}
