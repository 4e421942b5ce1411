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

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        @Schema(description = "The Jira site, API flavour and credentials jira-sync uses.") @NotNull @Valid Jira jira,
        @Schema(description = "Key of the Jira project that receives the tickets, such as OPS.") @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,254}", message = "must be a Jira project key such as OPS") String projectKey,
        @Schema(description = "Issue type of new tickets (default Bug).") @Size(min = 1, max = 255) String issueType,
        @Schema(description = "Template of a new ticket's summary ($title, $count, $attributes...).") @Size(min = 1, max = 1000) String summary,
        @Schema(description = "Template of a new ticket's description.") @Size(max = 32000) String description,
        @Schema(description = "Labels every new ticket carries.") @Size(max = 50) List<@NotBlank @Size(max = 255) String> labels,
        @Schema(description = "Names of the Jira fields that take the labels and the description.") @Valid FieldMapping fieldMapping,
        @Schema(description = "Further Jira fields set on new tickets, each from a template.") @Size(max = 100) List<@NotNull @Valid CustomField> customFields,
        @Schema(description = "Which fingerprints get a ticket without anyone asking.") @Valid Rules rules,
        @Schema(description = "Which changes are synchronised in each direction.") @Valid Sync sync,
        @Schema(description = "Jira status names to tracker states and back.") @Valid StatusMapping statusMapping,
        @Schema(description = "Tracker users and the Jira accounts that stand for them.") @Size(max = 10000) List<@NotNull @Valid UserMapping> users,
        @Schema(description = "What a regression does to the ticket: reopen, comment or new-ticket.") @Pattern(regexp = "reopen|comment|new-ticket", message = "must be reopen, comment or new-ticket") String onRegression,
        @Schema(description = "Event attribute that holds the release version (default version).") @Size(min = 1, max = 128) String versionAttribute,
        @Schema(description = "Whether new tickets carry the marker label that finds them again after a lost answer (default true).") Boolean markerLabel,
        @Schema(description = "Secret that signs Jira's webhook deliveries; write-only, answered as ********.") @Size(max = 1000) String webhookSecret,
        @Schema(description = "Accept unsigned deliveries (only as a reason to read the issue from Jira); needed in prod without a webhookSecret.") Boolean allowUnsignedWebhooks,
        @Schema(description = "Where applied Jira changes are reported back to the error tracker.") @Valid Tracker tracker) {

    /** What a response shows in place of a stored secret. */
    public static final String MASK = "********";

    /** The Jira site and the account jira-sync acts as. */
    public record Jira(
            @Schema(description = "Base URL of the Jira site, such as https://acme.atlassian.net.") @NotBlank @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String url,
            @Schema(description = "cloud or server (Data Center).") @Pattern(regexp = "cloud|server", message = "must be cloud or server") String deployment,
            @Schema(description = "REST API version, 2 or 3 (default 3 on Cloud, 2 on Server).") @Min(value = 2, message = "must be 2 or 3") @Max(value = 3, message = "must be 2 or 3") Integer apiVersion,
            @Schema(description = "The account jira-sync acts as.") @NotNull @Valid Auth auth) {
    }

    /**
     * {@code basic}: user + API token (Cloud) or password (Server); {@code bearer}: token only; {@code scoped}: user
     * (e-mail or service account) + scoped API token; {@code oauth-client-credentials}: clientId + clientSecret;
     * {@code oauth-3lo}: clientId + clientSecret + an admin's authorization {@code code} (exchanged once, never
     * stored) + the app's {@code redirectUri}. {@code token}, {@code clientSecret} and {@code code} are write-only.
     */
    public record Auth(
            @Schema(description = "basic, bearer, scoped, oauth-client-credentials or oauth-3lo.") @NotBlank @Pattern(regexp = AUTH_TYPES, message = "must be basic, bearer, scoped, oauth-client-credentials or oauth-3lo") String type,
            @Schema(description = "User (e-mail or service account) for basic and scoped authentication.") @Size(max = 255) String user,
            @Schema(description = "API token, password, scoped API token or bearer token; write-only, answered as ********.") @Size(max = 4000) String token,
            @Schema(description = "OAuth 2.0 client id (oauth-client-credentials, oauth-3lo).") @Size(max = 255) String clientId,
            @Schema(description = "OAuth 2.0 client secret; write-only, answered as ********.") @Size(max = 4000) String clientSecret,
            @Schema(description = "oauth-3lo: the admin's authorization code, exchanged once and never stored.") @Size(max = 4000) String code,
            @Schema(description = "oauth-3lo: the app's redirect URI the code was issued for.") @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") String redirectUri) {

        public Auth(String type, String user, String token) {
            this(type, user, token, null, null, null, null);
        }

        /** The one stored secret: the client secret for the OAuth types, else the token. */
        public String secret() {
            return type != null && type.startsWith("oauth-") ? clientSecret : token;
        }

        /** The one stored principal: the client id for the OAuth types, else the user. */
        public String principal() {
            return type != null && type.startsWith("oauth-") ? clientId : user;
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + ", user=" + user + ", token=" + (token == null ? null : MASK) + ", clientId="
                    + clientId + ", clientSecret=" + (clientSecret == null ? null : MASK) + ", code="
                    + (code == null ? null : MASK) + ", redirectUri=" + redirectUri + "]";
        }
    }

    /** The values of {@code jira.auth.type}. */
    public static final String AUTH_TYPES = "basic|bearer|scoped|oauth-client-credentials|oauth-3lo";

    /** Names of the fields that receive the labels and the description (a screen may rename them). */
    public record FieldMapping(
            @Schema(description = "Field that takes the labels (default labels).") @Size(min = 1, max = 255) String labels,
            @Schema(description = "Field that takes the description (default description).") @Size(min = 1, max = 255) String description) {
    }

    /** A field by id ({@code customfield_10042}) or by name, and the template of its value. */
    public record CustomField(
            @Schema(description = "Field id (customfield_10042) or name.") @NotBlank @Size(max = 255) String field,
            @Schema(description = "Template of the value.") @NotNull @Size(max = 32000) String value) {
    }

    /** Which fingerprints get a ticket without anyone asking. */
    public record Rules(@Schema(description = "Open tickets automatically.") Boolean autoCreate,
            @Schema(description = "Events a fingerprint needs before it gets a ticket.") @Min(1) Integer minEvents,
            @Schema(description = "Fingerprint states that get a ticket (default open).") @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String> states) {
    }

    /** Switches per direction and kind of change. */
    public record Sync(@Schema(description = "Tracker to Jira.") @Valid Outbound outbound,
            @Schema(description = "Jira to tracker.") @Valid Inbound inbound) {
    }

    /** Tracker to Jira. */
    public record Outbound(@Schema(description = "Transition the ticket when the fingerprint's state changes.") Boolean state,
            @Schema(description = "Assign the ticket when the fingerprint's assignee changes.") Boolean assignee) {
    }

    /** Jira to tracker. */
    public record Inbound(@Schema(description = "Apply the ticket's status to the fingerprint.") Boolean state,
            @Schema(description = "Apply the ticket's assignee to the fingerprint.") Boolean assignee,
            @Schema(description = "Take the ticket's fix version as the version a resolution holds until.") Boolean fixVersion) {
    }

    /** Jira status name to tracker state (inbound) and tracker state to Jira status name (outbound). */
    public record StatusMapping(
            @Schema(description = "Jira status name to tracker state.") Map<@NotBlank String, @NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String> inbound,
            @Schema(description = "Tracker state to Jira status name.") Map<@NotNull @Pattern(regexp = "open|in_progress|resolved|ignored", message = "must be open, in_progress, resolved or ignored") String, @NotBlank String> outbound) {
    }

    /** A tracker user and the Jira account (accountId on Cloud, user name on Server) that stands for them. */
    public record UserMapping(
            @Schema(description = "The user as the tracker names them.") @NotBlank @Size(max = 255) String tracker,
            @Schema(description = "Jira accountId (Cloud) or user name (Server).") @NotBlank @Size(max = 255) String jira) {
    }

    /**
     * The error tracker: {@code kind} names its connector ({@code generic}, the default, is the signed callback to
     * {@code callbackUrl} with {@code secret}); the others reach the tracker's API at {@code url} with {@code token}
     * and accept its webhooks authenticated with {@code webhookSecret} (src/docs/trackers.md).
     */
    public record Tracker(
            @Schema(description = "generic (the default: the signed callback), sentry, glitchtip, bugsnag, rollbar or backtrace.") @Pattern(regexp = "generic|sentry|glitchtip|bugsnag|rollbar|backtrace", message = "must be generic, sentry, glitchtip, bugsnag, rollbar or backtrace") String kind,
            @Schema(description = "Base URL of the tracker's API (its own host for self-hosted Sentry or GlitchTip).") @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String url,
            @Schema(description = "The tracker's organization (slug), where it has one.") @Size(min = 1, max = 255) String organization,
            @Schema(description = "The tracker's project (slug or id), where its API needs one.") @Size(min = 1, max = 255) String project,
            @Schema(description = "API token for the tracker; write-only, answered as ********.") @Size(max = 4000) String token,
            @Schema(description = "Secret the tracker's webhooks are authenticated with; write-only, answered as ********.") @Size(max = 1000) String webhookSecret,
            @Schema(description = "generic: URL the tracker receives applied changes at.") @Size(max = 2000) @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @OutboundUrl String callbackUrl,
            @Schema(description = "generic: secret that signs the callbacks; write-only, answered as ********.") @Size(max = 1000) String secret) {

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
