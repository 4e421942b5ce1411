package io.jirasync.openapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Checks Jira requests and responses against Atlassian's OpenAPI description of Jira Cloud
 * ({@code ../shared/jira/openapi}, or the file named by the system property {@code jira.openapi}).
 * Paths are Jira's own ({@code /rest/api/3/issue}); v2 paths are checked against the v3 operation, which has the
 * same shapes except rich text, so only call it for v2 bodies without rich text.
 */
public final class JiraOpenApi {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(specification().toUri().toString())
            .build();

    private JiraOpenApi() {
    }

    /** Where the description is: the {@code jira.openapi} property, else the shared folder beside the checkout. */
    public static Path specification() {
        String configured = System.getProperty("jira.openapi");
        return configured != null ? Path.of(configured) : reference("openapi/jira-cloud-platform-v3.openapi.json");
    }

    /**
     * A file of the Jira reference data: under the folder named by {@code -Djira.reference}, else the first
     * {@code shared/jira} found from the working directory upwards (beside the checkout on these machines).
     */
    public static Path reference(String relative) {
        String root = System.getProperty("jira.reference");
        if (root != null) {
            return Path.of(root).resolve(relative);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/jira").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Jira reference data shared/jira/" + relative + " not found above "
                + Path.of("").toAbsolutePath() + "; set -Djira.reference=<the shared/jira folder>");
    }

    /** Problems of a request body (and path and query) sent to Jira; empty when it conforms. */
    public static String validateRequest(String method, String pathAndQuery, String body) {
        return format(VALIDATOR.validateRequest(request(method, pathAndQuery, body)));
    }

    /** Problems of a response Jira (or the sandbox) gave to {@code method path}; empty when it conforms. */
    public static String validateResponse(String method, String path, int status, String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (body != null && !body.isEmpty()) {
            response.withContentType("application/json").withBody(body);
        }
        return format(VALIDATOR.validateResponse(stripVersion(path), Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                response.build()));
    }

    private static Request request(String method, String pathAndQuery, String body) {
        int query = pathAndQuery.indexOf('?');
        String path = stripVersion(query < 0 ? pathAndQuery : pathAndQuery.substring(0, query));
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method.toUpperCase(Locale.ROOT), path);
        if (query >= 0) {
            for (String pair : pathAndQuery.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                builder.withQueryParam(eq < 0 ? pair : pair.substring(0, eq),
                        eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (body != null) {
            builder.withContentType("application/json").withBody(body);
        }
        return builder.build();
    }

    /** The description only has v3 paths; v2 operations have the same paths and shapes. */
    private static String stripVersion(String path) {
        return path.replaceFirst("^/rest/api/2/", "/rest/api/3/");
    }

    private static String format(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + m.getContext().flatMap(c -> c.getPointers().map(p -> " at " + p.getInstance())).orElse(""))
                .collect(Collectors.joining("\n"));
    }
}
