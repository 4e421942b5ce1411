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

    /** {@code basic}: e-mail + API token (Cloud) or user + password (Server); {@code bearer}: PAT or OAuth token. */
    public enum AuthType {
        BASIC,
        BEARER
    }

    public JiraSite {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(authType, "authType");
        if (apiVersion != 2 && apiVersion != 3) {
            throw new IllegalArgumentException("apiVersion must be 2 or 3, not " + apiVersion);
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

    /** Who we are at Jira, for messages: the user, or "the access token" for bearer auth. */
    public String principal() {
        return user == null || user.isBlank() ? "the access token" : user;
    }

    @Override
    public String toString() {
        return "JiraSite[url=" + OutboundAddressGuard.redacted(url) + ", deployment=" + deployment + ", apiVersion="
                + apiVersion + ", authType="
                + authType + ", user=" + user + ", secret=***]";
    }
}
