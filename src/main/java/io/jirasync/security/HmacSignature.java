package io.jirasync.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Body signatures in the {@code sha256=<hex HMAC-SHA256 of the raw body>} form: Jira's {@code X-Hub-Signature} on
 * webhooks and our {@code X-Jira-Sync-Signature} on tracker callbacks.
 */
public final class HmacSignature {

    private HmacSignature() {
    }

    /** {@code sha256=<hex>} of this body under this secret. */
    public static String sign(byte[] body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    /**
     * Why {@code value}, the content of the header named {@code header}, does not sign this body under this secret,
     * or null when it does. The digests are compared in constant time.
     */
    public static String problem(String header, String value, byte[] body, String secret) {
        if (value == null || value.isBlank()) {
            return "the " + header + " header is missing";
        }
        int eq = value.indexOf('=');
        if (eq <= 0) {
            return "the " + header + " header is not <method>=<hex>";
        }
        String method = value.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (!method.equals("sha256")) {
            return "the signature method '" + method + "' is not supported (sha256 is)";
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return "the signature is not hexadecimal";
        }
        return MessageDigest.isEqual(given, hmacSha256(secret, body)) ? null : "the signature does not match the body";
    }

    private static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
