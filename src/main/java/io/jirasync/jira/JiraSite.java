package io.jirasync.jira;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one Jira: base URL, deployment, REST API version and credentials. The integration settings
 * feature builds it from its stored, decrypted settings; {@link #toString()} never shows the secret.
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
     * Identifies the budget and circuit breaker this site shares with every replica: the base URL plus a digest of
     * the credential, because Jira counts requests per user, never the credential itself.
     */
    public String budgetKey() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((authType + "\n" + user + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return url.toString().toLowerCase(Locale.ROOT) + "#" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Who we are at Jira, for messages: the user, or "the access token" for bearer auth. */
    public String principal() {
        return user == null || user.isBlank() ? "the access token" : user;
    }

    @Override
    public String toString() {
        return "JiraSite[url=" + url + ", deployment=" + deployment + ", apiVersion=" + apiVersion + ", authType="
                + authType + ", user=" + user + ", secret=***]";
    }
}
