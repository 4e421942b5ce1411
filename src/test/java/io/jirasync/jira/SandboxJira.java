package io.jirasync.jira;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.Map;

import io.restassured.http.ContentType;

/**
 * The embedded sandbox as a Jira for the client's tests: the three flavours the worker supports, and the
 * sandbox's control endpoint (faults, budget, counters). Written against the sandbox's HTTP API only.
 */
final class SandboxJira {

    static final String API_TOKEN = "sandbox-api-token";

    /** Jira Cloud REST v3, Jira Cloud REST v2, Jira Server/Data Center REST v2. */
    enum Flavour {
        CLOUD_V3("cloud", JiraSite.Deployment.CLOUD, 3),
        CLOUD_V2("cloud", JiraSite.Deployment.CLOUD, 2),
        SERVER_V2("server", JiraSite.Deployment.SERVER, 2);

        final String sandboxFlavour;
        final JiraSite.Deployment deployment;
        final int apiVersion;

        Flavour(String sandboxFlavour, JiraSite.Deployment deployment, int apiVersion) {
            this.sandboxFlavour = sandboxFlavour;
            this.deployment = deployment;
            this.apiVersion = apiVersion;
        }

        /** Basic auth as the bot: e-mail + API token on Cloud, user name + password on Server. */
        JiraSite site(String base) {
            return site(base, deployment == JiraSite.Deployment.CLOUD ? "jira-sync@example.com" : "jira-sync",
                    API_TOKEN);
        }

        JiraSite site(String base, String user, String secret) {
            return new JiraSite(URI.create(base), deployment, apiVersion, JiraSite.AuthType.BASIC, user, secret);
        }
    }

    private SandboxJira() {
    }

    static String control(String base) {
        return base + "/_control";
    }

    /** Empties the sandbox and sets its flavour. */
    static void reset(String base, Flavour flavour) {
        given().post(control(base) + "/reset").then().statusCode(200);
        configure(base, Map.of("flavour", flavour.sandboxFlavour));
    }

    static void configure(String base, Map<String, Object> settings) {
        given().contentType(ContentType.JSON).body(settings).patch(control(base)).then().statusCode(200);
    }

    /** How many requests the sandbox received for {@code "POST /rest/api/3/issue"}-style templates. */
    static long received(String base, String methodAndTemplate) {
        Number n = given().get(control(base) + "/counters").then().statusCode(200).extract()
                .path("requests.'" + methodAndTemplate + "'");
        return n == null ? 0 : n.longValue();
    }

    /** How many answers the sandbox gave with this status. */
    static long answered(String base, int status) {
        Number n = given().get(control(base) + "/counters").then().statusCode(200).extract()
                .path("statuses.'" + status + "'");
        return n == null ? 0 : n.longValue();
    }
}
