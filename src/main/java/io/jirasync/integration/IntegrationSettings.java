package io.jirasync.integration;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.jirasync.jira.OutboundUrl;

/**
 * The settings document of one integration (src/docs/settings.md): how a tracker project is tied to
 * a Jira project and how a fingerprint becomes a ticket. Secrets ({@code jira.auth.token}, {@code webhookSecret},
 * {@code tracker.secret}, {@code tracker.token},
 * {@code tracker.webhookSecret}) are write-only: responses carry {@link #MASK} in their place. Without a
 * {@code webhookSecret} the prod profile needs {@code allowUnsignedWebhooks: true}: unsigned deliveries are then
 * accepted, but only as a reason to read the issue from Jira.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationSettings(
        @NotNull @Valid Jira jira,
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,254}", message = "must be a Jira project key such as OPS") String projectKey,
        @Size(min = 1, max = 255) String issueType,
        @Size(min = 1, max = 1000) String summary,
        @Size(max = 32000) String description,
        @Size(max = 50) List<@NotBlank @Size(max = 255) String> labels,
        @Valid FieldMapping fieldMapping,
        @Size(max = 100) List<@NotNull @Valid CustomField> customFields,
        @Valid Rules rules,
        @Valid Sync sync,
        @Valid StatusMapping statusMapping,
        @Size(max = 10000) List<@NotNull @Valid UserMapping> users,
        @Pattern(regexp = "reopen|comment|new-ticket", message = "must be reopen, comment or new-ticket") String onRegression,
        @Size(min = 1, max = 128) String versionAttribute,
        Boolean markerLabel,
        @Size(max = 1000) String webhookSecret,
        Boolean allowUnsignedWebhooks,
        @Valid Tracker tracker) {

    /** What a response shows in place of a stored secret. */
    public static final String MASK = "********";

    /** The Jira site and the account jira-sync acts as. */
    public record Jira(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String url,
            @Pattern(regexp = "cloud|server", message = "must be cloud or server") String deployment,
            @Min(value = 2, message = "must be 2 or 3") @Max(value = 3, message = "must be 2 or 3") Integer apiVersion,
            @NotNull @Valid Auth auth) {
    }

    /** {@code basic}: user + API token (Cloud) or password (Server); {@code bearer}: token only. */
    public record Auth(
            @NotBlank @Pattern(regexp = "basic|bearer", message = "must be basic or bearer") String type,
            @Size(max = 255) String user,
            @Size(max = 4000) String token) {

        @Override
        public String toString() {
            return "Auth[type=" + type + ", user=" + user + ", token=" + (token == null ? null : MASK) + "]";
        }
    }

    /** Names of the fields that receive the labels and the description (a screen may rename them). */
    public record FieldMapping(@Size(min = 1, max = 255) String labels, @Size(min = 1, max = 255) String description) {
    }

    /** A field by id ({@code customfield_10042}) or by name, and the template of its value. */
    public record CustomField(@NotBlank @Size(max = 255) String field, @NotNull @Size(max = 32000) String value) {
    }

    /** Which fingerprints get a ticket without anyone asking. */
    public record Rules(Boolean autoCreate, @Min(1) Integer minEvents,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String> states) {
    }

    /** Switches per direction and kind of change. */
    public record Sync(@Valid Outbound outbound, @Valid Inbound inbound) {
    }

    /** Tracker to Jira. */
    public record Outbound(Boolean state, Boolean assignee) {
    }

    /** Jira to tracker. */
    public record Inbound(Boolean state, Boolean assignee, Boolean fixVersion) {
    }

    /** Jira status name to tracker state (inbound) and tracker state to Jira status name (outbound). */
    public record StatusMapping(
            Map<@NotBlank String, @NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String> inbound,
            Map<@NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String, @NotBlank String> outbound) {
    }

    /** A tracker user and the Jira account (accountId on Cloud, user name on Server) that stands for them. */
    public record UserMapping(@NotBlank @Size(max = 255) String tracker, @NotBlank @Size(max = 255) String jira) {
    }

    /**
     * The error tracker: {@code kind} names its connector ({@code generic}, the default, is the signed callback to
     * {@code callbackUrl} with {@code secret}); the others reach the tracker's API at {@code url} with {@code token}
     * and accept its webhooks authenticated with {@code webhookSecret} (src/docs/trackers.md).
     */
    public record Tracker(
            @Pattern(regexp = "generic|sentry|glitchtip|bugsnag|rollbar|backtrace", message = "must be generic, sentry, glitchtip, bugsnag, rollbar or backtrace") String kind,
            @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String url,
            @Size(min = 1, max = 255) String organization,
            @Size(min = 1, max = 255) String project,
            @Size(max = 4000) String token,
            @Size(max = 1000) String webhookSecret,
            @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String callbackUrl,
            @Size(max = 1000) String secret) {

        /** The kind of a tracker block without one. */
        public static final String GENERIC = "generic";

        /** Only today's callback settings (kind {@code generic}). */
        public static Tracker callback(String callbackUrl, String secret) {
            return new Tracker(null, null, null, null, null, null, callbackUrl, secret);
        }

        /** The kind, {@value #GENERIC} when none is given. */
        public String kindOrGeneric() {
            return kind == null ? GENERIC : kind;
        }

        /** The same block with other secrets (token, webhook secret, callback secret). */
        public Tracker withSecrets(String token, String webhookSecret, String secret) {
            return new Tracker(kind, url, organization, project, token, webhookSecret, callbackUrl, secret);
        }

        @Override
        public String toString() {
            return "Tracker[kind=" + kind + ", url=" + url + ", organization=" + organization + ", project=" + project
                    + ", token=" + (token == null ? null : MASK) + ", webhookSecret="
                    + (webhookSecret == null ? null : MASK) + ", callbackUrl=" + callbackUrl + ", secret="
                    + (secret == null ? null : MASK) + "]";
        }
    }

    @Override
    public String toString() {
        return "IntegrationSettings[jira=" + jira + ", projectKey=" + projectKey + ", issueType=" + issueType
                + ", webhookSecret=" + (webhookSecret == null ? null : MASK) + ", allowUnsignedWebhooks="
                + allowUnsignedWebhooks + ", tracker=" + tracker + "]";
    }
}
