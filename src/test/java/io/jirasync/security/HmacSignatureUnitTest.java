package io.jirasync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The {@code sha256=<hex>} body signatures of webhooks (checked) and tracker callbacks (sent). */
class HmacSignatureUnitTest {

    private static final byte[] BODY = "{\"webhookEvent\":\"jira:issue_updated\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsAsRfc4231Says() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HmacSignature.sign("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII), "Jefe"));
    }

    @Test
    void acceptsItsOwnSignatureInAnyCaseOfHex() {
        String signature = HmacSignature.sign(BODY, "s3cret");
        assertNull(HmacSignature.problem("X-Hub-Signature", signature, BODY, "s3cret"));
        assertNull(HmacSignature.problem("X-Hub-Signature", " SHA256=" + signature.substring(7).toUpperCase(), BODY,
                "s3cret"));
    }

    @Test
    void refusesAnotherSecretAnotherBodyOrATruncatedDigest() {
        String signature = HmacSignature.sign(BODY, "s3cret");
        String mismatch = "the signature does not match the body";
        assertEquals(mismatch, HmacSignature.problem("X-Hub-Signature", signature, BODY, "other"));
        assertEquals(mismatch, HmacSignature.problem("X-Hub-Signature", signature,
                "{}".getBytes(StandardCharsets.UTF_8), "s3cret"));
        String shortened = signature.substring(0, signature.length() - 2);
        assertEquals(mismatch, HmacSignature.problem("X-Hub-Signature", shortened, BODY, "s3cret"));
    }

    @Test
    void saysWhatIsWrongWithAMalformedHeader() {
        assertEquals("the X-Hub-Signature header is missing", webhookProblem(null));
        assertEquals("the X-Hub-Signature header is missing", webhookProblem(" "));
        assertEquals("the X-Hub-Signature header is not <method>=<hex>", webhookProblem("=abc"));
        assertEquals("the signature method 'sha1' is not supported (sha256 is)", webhookProblem("sha1=abc"));
        assertEquals("the signature is not hexadecimal", webhookProblem("sha256=xyz"));
        assertEquals("the signature is not hexadecimal", webhookProblem("sha256=abc"));
    }

    private static String webhookProblem(String header) {
        return HmacSignature.problem("X-Hub-Signature", header, BODY, "k");
    }
}
