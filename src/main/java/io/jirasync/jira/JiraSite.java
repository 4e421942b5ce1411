package io.jirasync.jira;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one Jira: base URL, deployment, REST API version and credentials. The integration settings
 * feature builds it from its stored, decrypted settings; {@link #toString()} never shows the secret (nor a password written
 * into the URL).
 */
public record JiraSite(URI url, Deployment deployment, int apiVersion, AuthType authType, String user,
        String secret) {

    /** Where the Jira runs: Atlassian's cloud or a self-managed Server/Data Center. */
    public enum Deployment {
        CLOUD,
        SERVER
    }

    /**
     * {@code basic}: e-mail + API token (Cloud) or user + password (Server); {@code bearer}: a personal access token;
     * {@code scoped}: e-mail or service account + scoped API token, through Atlassian's API gateway;
     * {@code oauth-client-credentials} and {@code oauth-3lo}: OAuth 2.0 (user = client id, secret = client secret),
     * through the gateway with an access token from Atlassian's token endpoint.
     */
    public enum AuthType {
        BASIC("basic"),
        BEARER("bearer"),
        SCOPED("scoped"),
        OAUTH_CLIENT_CREDENTIALS("oauth-client-credentials"),
        OAUTH_3LO("oauth-3lo");

        private final String setting;

        AuthType(String setting) {
            this.setting = setting;
        }

        /** The value of {@code jira.auth.type}. */
        public String setting() {
            return setting;
        }

        /** The type named by {@code jira.auth.type}; basic when unknown. */
        public static AuthType of(String setting) {
            for (AuthType type : values()) {
                if (type.setting.equals(setting)) {
                    return type;
                }
            }
            return BASIC;
        }

        /** Requests go to {@code <atlassian-api>/ex/jira/<cloudId>}, not to the site: Cloud only. */
        public boolean viaGateway() {
            return this == SCOPED || oauth();
        }

        /** The Authorization header carries an access token from Atlassian's token endpoint. */
        public boolean oauth() {
            return this == OAUTH_CLIENT_CREDENTIALS || this == OAUTH_3LO;
        }
    }

    public JiraSite {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(authType, "authType");
        if (apiVersion != 2 && apiVersion != 3) {
            throw new IllegalArgumentException("apiVersion must be 2 or 3, not " + apiVersion);
        }
        if (authType.viaGateway() && deployment != Deployment.CLOUD) {
            throw new IllegalArgumentException(authType.setting() + " auth exists on Jira Cloud only");
        }
        if (deployment == Deployment.SERVER && apiVersion != 2) {
            throw new IllegalArgumentException("Jira Server/Data Center only has REST API version 2");
        }
        String text = url.toString();
        // A trailing slash would give "//rest/api", which some proxies in front of Jira refuse.
        if (text.endsWith("/")) {
            url = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** Cloud site, API version 3, e-mail + API token: the most common set-up. */
    public static JiraSite cloud(String url, String email, String apiToken) {
        return new JiraSite(URI.create(url), Deployment.CLOUD, 3, AuthType.BASIC, email, apiToken);
    }

    public boolean cloud() {
        return deployment == Deployment.CLOUD;
    }

    /** Rich text (description, comments) is Atlassian Document Format on v3, wiki markup on v2. */
    public boolean usesAdf() {
        return apiVersion == 3;
    }

    /** The base of every REST call, such as {@code https://acme.atlassian.net/rest/api/3}. */
    public URI restBase() {
        return URI.create(url + "/rest/api/" + apiVersion);
    }

    /**
     * What Jira counts requests by, and so what the request budget, the circuit breaker and the site id belong to:
     * the base URL and the user (none for bearer tokens), never the credential itself.
     */
    public Account account() {
        return new Account(url.toString().toLowerCase(Locale.ROOT), authType, user == null ? "" : user);
    }

    /** A Jira site as jira-sync's account there: base URL (lower case), auth type and user ("" for bearer). */
    public record Account(String url, AuthType authType, String user) {
    }

    /** Requests go through Atlassian's API gateway ({@code scoped} and OAuth). */
    public boolean viaGateway() {
        return authType.viaGateway();
    }

    /**
     * Who we are at Jira, for messages: the user, "the access token" for bearer auth, or the OAuth client. For the
     * OAuth types the account is the site URL and the client id (in {@code user}): one token per client and site.
     */
    public String principal() {
        if (authType.oauth()) {
            return "the OAuth client " + user;
        }
        return user == null || user.isBlank() ? "the access token" : user;
    }

    /** The setting that holds the credential, for sentences about it. */
    public String credentialSetting() {
        return switch (authType) {
            case OAUTH_CLIENT_CREDENTIALS -> "jira.auth.clientSecret (type oauth-client-credentials)";
            case OAUTH_3LO -> "jira.auth.code (type oauth-3lo)";
            default -> "jira.auth.token (type " + authType.setting() + ")";
        };
    }

    @Override
    public String toString() {
        return "JiraSite[url=" + OutboundAddressGuard.redacted(url) + ", deployment=" + deployment + ", apiVersion="
                + apiVersion + ", authType="
                + authType + ", user=" + user + ", secret=***]";
    }
}
