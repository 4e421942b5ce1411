package io.jirasync.inbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Jira's webhook signature: {@code X-Hub-Signature: <method>=<hex HMAC of the raw body>}, the method being
 * {@code sha256} today. Compared in constant time.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** Why a signature was refused, or null when it is valid. */
    public static String problem(String header, byte[] body, String secret) {
        if (header == null || header.isBlank()) {
            return "the X-Hub-Signature header is missing";
        }
        int eq = header.indexOf('=');
        if (eq <= 0) {
            return "the X-Hub-Signature header is not <method>=<hex>";
        }
        String method = header.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String algorithm = switch (method) {
            case "sha256" -> "HmacSHA256";
            default -> null;
        };
        if (algorithm == null) {
            return "the signature method '" + method + "' is not supported (sha256 is)";
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return "the signature is not hexadecimal";
        }
        return MessageDigest.isEqual(given, hmac(algorithm, secret, body)) ? null : "the signature does not match the body";
    }

    /** {@code sha256=<hex>} for this body and secret: what Jira (and the sandbox) send. */
    public static String sign(byte[] body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body));
    }

    private static byte[] hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
