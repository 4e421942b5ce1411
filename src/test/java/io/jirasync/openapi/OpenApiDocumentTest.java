package io.jirasync.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document as the management interface serves it ({@code /q/openapi?format=json}): every operation
 * says what it does, every field of every request and response says what it holds, the tokens are opaque bearer
 * tokens, and every error answer is listed as a problem+json document. A new endpoint or field without its
 * descriptions fails here, and the failure lists each operation or field and what it lacks.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static JsonNode document;

    @BeforeAll
    static void fetch() throws Exception {
        String json = Management.given().when().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString();
        document = new ObjectMapper().readTree(json);
    }

    private interface OperationCheck {
        void check(String name, JsonNode operation, List<String> missing);
    }

    private static List<String> eachOperation(OperationCheck check) {
        List<String> missing = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                check.check(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue(), missing);
            }
        }));
        assertTrue(document.path("paths").size() > 0, "the document has no paths");
        return missing;
    }

    private static boolean blank(JsonNode node) {
        return node.asText("").isBlank();
    }

    @Test
    void everyOperationHasASummaryAndADescription() {
        List<String> missing = eachOperation((name, op, out) -> {
            if (blank(op.path("summary"))) {
                out.add(name + ": no summary (@Operation(summary = ...))");
            }
            if (blank(op.path("description"))) {
                out.add(name + ": no description (@Operation(description = ...))");
            }
        });
        assertTrue(missing.isEmpty(), missing.size() + " lacks:\n" + String.join("\n", missing));
    }

    @Test
    void everyErrorResponseIsAProblemDocument() {
        List<String> missing = eachOperation((name, op, out) -> {
            JsonNode responses = op.path("responses");
            boolean secured = op.has("security") && !op.path("security").isEmpty();
            for (String status : secured ? List.of("401", "403") : List.<String> of()) {
                if (!responses.has(status)) {
                    out.add(name + ": requires a token but does not list " + status);
                }
            }
            if (responses.properties().stream().noneMatch(r -> r.getKey().startsWith("2"))) {
                out.add(name + ": lists no success answer (@APIResponse(responseCode = \"200\", ...))");
            }
            if (op.has("requestBody") && !responses.has("400")) {
                out.add(name + ": takes a body but does not list 400");
            }
            responses.properties().forEach(r -> {
                if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                    String ref = r.getValue().at("/content/application~1problem+json/schema/$ref").asText();
                    if (!ref.equals("#/components/schemas/Problem")) {
                        out.add(name + " " + r.getKey() + ": not listed with the application/problem+json Problem "
                                + "schema (@APIResponse(content = @Content(mediaType = \"application/problem+json\", "
                                + "schema = @Schema(implementation = Problem.class))))");
                    }
                    if (blank(r.getValue().path("description"))) {
                        out.add(name + " " + r.getKey() + ": no description");
                    }
                }
            });
        });
        assertTrue(missing.isEmpty(), missing.size() + " lacks:\n" + String.join("\n", missing));
    }

    @Test
    void everyFieldOfEveryRequestAndResponseHasADescription() {
        List<String> missing = new ArrayList<>();
        document.at("/components/schemas").properties()
                .forEach(schema -> fields("#/components/schemas/" + schema.getKey(), schema.getValue(), missing));
        eachOperation((name, op, out) -> {
            op.at("/requestBody/content").properties()
                    .forEach(c -> fields(name + " request body", c.getValue().path("schema"), out));
            op.path("responses").properties().forEach(r -> r.getValue().path("content").properties()
                    .forEach(c -> fields(name + " " + r.getKey() + " answer", c.getValue().path("schema"), out)));
        }).forEach(missing::add);
        assertTrue(document.at("/components/schemas").size() > 10, "the document has almost no schemas");
        assertTrue(missing.isEmpty(), missing.size() + " fields lack a description (@Schema(description = ...) on "
                + "the record component):\n" + String.join("\n", missing));
    }

    /** Every property of an object schema (and of inline objects, array items and alternatives) is described. */
    private static void fields(String where, JsonNode schema, List<String> missing) {
        schema.path("properties").properties().forEach(p -> {
            if (blank(p.getValue().path("description"))) {
                missing.add(where + "." + p.getKey());
            }
            fields(where + "." + p.getKey(), p.getValue(), missing);
        });
        if (schema.has("items")) {
            fields(where + "[]", schema.path("items"), missing);
        }
        if (schema.path("additionalProperties").isObject()) {
            fields(where + "{}", schema.path("additionalProperties"), missing);
        }
        for (String alternatives : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(alternatives).forEach(s -> fields(where, s, missing));
        }
    }

    @Test
    void theSecuritySchemeIsAnOpaqueBearerToken() {
        JsonNode schemes = document.at("/components/securitySchemes");
        assertEquals(1, schemes.size(), "security schemes: " + schemes);
        JsonNode scheme = schemes.elements().next();
        assertEquals("http", scheme.path("type").asText(), scheme.toString());
        assertEquals("bearer", scheme.path("scheme").asText(), scheme.toString());
        assertTrue(scheme.path("bearerFormat").isMissingNode(), "the tokens are opaque, not JWT: " + scheme);
        String name = schemes.fieldNames().next();
        List<String> unsecured = eachOperation((op, operation, out) -> {
            if (!op.contains("/webhooks/") && !operation.path("security").toString().contains("\"" + name + "\"")) {
                out.add(op + " does not require the " + name + " token");
            }
        });
        assertTrue(unsecured.isEmpty(), String.join("\n", unsecured));
    }
}
