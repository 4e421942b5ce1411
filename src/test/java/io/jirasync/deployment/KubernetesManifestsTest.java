package io.jirasync.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Parses every Kubernetes manifest and checks what would break silently in a cluster: probes that the
 * application does not answer, ports that do not match, secrets passed as plain values, image names that
 * kustomize would not rewrite.
 */
@QuarkusTest
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deployment/kubernetes");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|password|secret|key|credential).*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode deployment;
    private static JsonNode container;
    private static JsonNode secret;
    private static JsonNode configMap;
    private static int appPort;

    @BeforeAll
    static void load() throws IOException {
        deployment = kind("Deployment");
        container = deployment.at("/spec/template/spec/containers/0");
        secret = kind("Secret");
        configMap = kind("ConfigMap");
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            props.load(r);
        }
        appPort = Integer.parseInt(props.getProperty("quarkus.http.port", "8080"));
    }

    private static List<JsonNode> documents(Path dir) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                docs.add(YAML.readTree(f.toFile()));
            }
        }
        return docs;
    }

    private static JsonNode kind(String kind) throws IOException {
        return documents(K8S.resolve("base")).stream().filter(d -> kind.equals(d.path("kind").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in the base"));
    }

    @Test
    void probesAskPathsTheApplicationAnswersOnItsPort() {
        Set<String> portNames = new HashSet<>();
        container.path("ports").forEach(p -> {
            assertEquals(appPort, p.path("containerPort").asInt(), "containerPort must be quarkus.http.port");
            portNames.add(p.path("name").asText());
        });
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertFalse(get.isMissingNode(), probe + " is missing");
            JsonNode port = get.path("port");
            assertTrue(port.isInt() ? port.asInt() == appPort : portNames.contains(port.asText()),
                    probe + " port " + port + " is not the application's port");
            String path = get.path("path").asText();
            given().when().get(path).then().statusCode(200);
        }
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
    }

    @Test
    void serviceTargetsTheNamedContainerPort() throws IOException {
        JsonNode service = kind("Service");
        Set<String> portNames = new HashSet<>();
        container.path("ports").forEach(p -> portNames.add(p.path("name").asText()));
        service.path("spec").path("ports").forEach(p -> {
            JsonNode target = p.path("targetPort");
            assertTrue(target.isInt() ? target.asInt() == appPort : portNames.contains(target.asText()),
                    "Service targetPort " + target + " is not a container port");
        });
        assertEquals(deployment.at("/spec/selector/matchLabels"), service.at("/spec/selector"));
        assertEquals(deployment.at("/spec/selector/matchLabels"), kind("PodDisruptionBudget").at("/spec/selector/matchLabels"));
    }

    @Test
    void everySecretComesFromTheSecret() {
        Set<String> secretKeys = new HashSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(secretKeys::add);
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            JsonNode ref = env.at("/valueFrom/secretKeyRef");
            if (SECRET_NAME.matcher(name).matches()) {
                assertFalse(ref.isMissingNode(), name + " must come from a Secret, not a plain value");
            }
            if (!ref.isMissingNode()) {
                assertEquals(secret.at("/metadata/name").asText(), ref.path("name").asText(), name);
                assertTrue(secretKeys.contains(ref.path("key").asText()), name + " reads a key the Secret lacks");
            }
        }
        configMap.path("data").fieldNames().forEachRemaining(k -> assertFalse(SECRET_NAME.matcher(k).matches(),
                "ConfigMap holds " + k + ", which belongs in the Secret"));
        secret.path("stringData").properties().forEach(e -> {
            if (SECRET_NAME.matcher(e.getKey()).matches()) {
                assertTrue(e.getValue().asText().startsWith("CHANGE-ME"), "the Secret template holds a real " + e.getKey());
            }
        });
        assertTrue(container.path("envFrom").findValuesAsText("name").contains(configMap.at("/metadata/name").asText()));
    }

    @Test
    void imageNameIsTheOneKustomizeRewrites() throws IOException {
        String image = container.path("image").asText();
        for (Path k : List.of(K8S.resolve("base/kustomization.yaml"), K8S.resolve("overlays/example/kustomization.yaml"))) {
            JsonNode kustomization = YAML.readTree(k.toFile());
            List<String> names = kustomization.path("images").findValuesAsText("name");
            assertTrue(names.contains(image), k + " rewrites " + names + " but the Deployment uses " + image);
            for (JsonNode resource : kustomization.path("resources")) {
                assertTrue(Files.exists(k.getParent().resolve(resource.asText())), k + " lists missing " + resource);
            }
        }
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootFilesystem() throws IOException {
        assertTrue(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertNotNull(container.at("/resources/limits/memory").textValue());
        assertNotNull(container.at("/resources/requests/cpu").textValue());
        String mountedTmp = container.path("volumeMounts").findValuesAsText("mountPath").toString();
        assertTrue(mountedTmp.contains("/tmp"), "a read-only root needs a writable /tmp");

        String uid = deployment.at("/spec/template/spec/securityContext/runAsUser").asText();
        String dockerfile = Files.readString(Path.of("deployment/Dockerfile.jvm"));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertTrue(user.find() && user.group(1).equals(uid), "Dockerfile.jvm must run as the Deployment's user " + uid);
        assertTrue(dockerfile.contains("EXPOSE " + appPort), "Dockerfile.jvm must expose " + appPort);
    }
}
