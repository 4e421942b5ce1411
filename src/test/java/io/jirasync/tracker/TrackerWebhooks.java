package io.jirasync.tracker;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.response.ValidatableResponse;

/**
 * Test helpers for the trackers' webhook endpoint: integrations per kind, recorded payloads, and deliveries as
 * each tracker sends them (Sentry signs with its own HMAC, computed here independently of the worker's helper).
 */
public final class TrackerWebhooks {

    static final String ADMIN = "test-admin-token-of-the-suite";
    static final String TRACKER = "test-tracker-token-of-the-suite";
    static final String SECRET = "tracker-webhook-secret-of-the-suite";

    private TrackerWebhooks() {
    }

    /** Creates the integration of {@code project} with a tracker of {@code kind} at {@code url}. */
    static void integration(String project, String kind, String url) {
        String tracker = switch (kind) {
            case "sentry", "glitchtip" -> """
                    {"kind": "%s", "url": "%s", "organization": "acme", "project": "shop-web",
                     "token": "tracker-api-token", "webhookSecret": "%s"}""".formatted(kind, url, SECRET);
            case "bugsnag" -> """
                    {"kind": "bugsnag", "url": "%s", "project": "5a1b2c3d4e5f6a7b8c9d0e2a", "token": "tracker-api-token",
                     "webhookSecret": "%s"}""".formatted(url, SECRET);
            case "rollbar" -> """
                    {"kind": "rollbar", "url": "%s", "token": "tracker-api-token", "webhookSecret": "%s"}"""
                    .formatted(url, SECRET);
            default -> """
                    {"kind": "%s", "url": "%s", "webhookSecret": "%s"}""".formatted(kind, url, SECRET);
        };
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"jira": {"url": "https://acme.atlassian.net", "auth": {"type": "basic", "user": "bot@acme.com",
                          "token": "jira-token"}},
                 "projectKey": "OPS", "tracker": %s}""".formatted(tracker))
                .when().put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A recorded payload's exact bytes. */
    static byte[] payload(String kind, String file) {
        try (InputStream in = TrackerWebhooks.class.getResourceAsStream("/trackers/" + kind + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded payload " + kind + "/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sentry's resource header for a recorded file: the part of its name before the first dash. */
    static String sentryResource(String file) {
        return file.substring(0, file.indexOf('-'));
    }

    /** Delivers {@code body} the way a tracker of {@code kind} does, authenticated with {@code secret}. */
    static ValidatableResponse deliver(String kind, String project, String file, byte[] body, String secret) {
        var request = given().contentType("application/json").body(body);
        if (kind.equals("sentry")) {
            request = request.header("Sentry-Hook-Resource", sentryResource(file))
                    .header("Sentry-Hook-Timestamp", String.valueOf(Instant.now().getEpochSecond()))
                    .header("Sentry-Hook-Signature", sentrySignature(body, secret));
        } else if (kind.equals("backtrace")) {
            request = request.header("X-Jira-Sync-Token", secret);
        } else {
            request = request.queryParam("token", secret);
        }
        return request.when().post("/webhooks/trackers/" + kind + "/" + project).then();
    }

    /** Sentry's signature: the hex HMAC-SHA256 of the raw body, keyed with the client secret. */
    public static String sentrySignature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
