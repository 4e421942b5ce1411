package io.jirasync.tracker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@code X-Jira-Sync-Signature: sha256=<hex HMAC-SHA256 of the body>} header of tracker callbacks. */
public final class TrackerSignature {

    /** The header's name. */
    public static final String HEADER = "X-Jira-Sync-Signature";

    private TrackerSignature() {
    }

    /** {@code sha256=<hex>} of this body under this secret. */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
