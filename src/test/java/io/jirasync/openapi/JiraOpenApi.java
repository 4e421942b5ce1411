package io.jirasync.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Checks Jira requests and responses against Atlassian's OpenAPI description of Jira Cloud, trimmed to the paths
 * the tests use and kept in the test resources.
 * Paths are Jira's own ({@code /rest/api/3/issue}); v2 paths are checked against the v3 operation, which has the
 * same shapes except rich text, so only call it for v2 bodies without rich text.
 */
public final class JiraOpenApi {

    /** Trimmed to the paths the tests check; src/test/resources/jira-openapi/README.md says from where and when. */
    private static final String SPECIFICATION = "/jira-openapi/jira-cloud-platform-v3.trimmed.json";

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(resource(SPECIFICATION))
            .build();

    private JiraOpenApi() {
    }

    /** A text file of the test resources, such as a recorded delivery under {@code /jira-webhooks/}. */
    public static String resource(String name) {
        try (InputStream in = JiraOpenApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                        eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
