package io.jirasync.deployment;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Parses every Kubernetes manifest, and the overlay as kustomize renders it, and checks what would break silently
 * in a cluster: probes that the application does not answer, ports that do not match, a management port on the
 * Service users expose, selectors that select nothing, secrets passed as plain values, image names that kustomize
 * would not rewrite.
 */
@QuarkusTest
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deployment/kubernetes");
    private static final String OVERLAY = "deployment/kubernetes/overlays/example";
    /** The Service users expose (an Ingress or a LoadBalancer points at it). */
    private static final String EXPOSED_SERVICE = "jira-sync";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|password|secret|key|credential).*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> base;
    private static JsonNode deployment;
    private static JsonNode container;
    private static JsonNode secret;
    private static JsonNode configMap;
    private static int appPort;
    private static int managementPort;

    @BeforeAll
    static void load() throws IOException {
        base = documents(K8S.resolve("base"));
        deployment = kind(base, "Deployment");
        container = deployment.at("/spec/template/spec/containers/0");
        secret = kind(base, "Secret");
        configMap = kind(base, "ConfigMap");
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            props.load(r);
        }
        appPort = Integer.parseInt(props.getProperty("quarkus.http.port", "8080"));
        managementPort = Integer.parseInt(props.getProperty("quarkus.management.port", "9000"));
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

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " among the manifests"));
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
                .filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among the manifests"));
    }

    /** {@code kubectl kustomize} of the example overlay, one node per document; skips the test without kubectl. */
    private static List<JsonNode> rendered() throws Exception {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", OVERLAY).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return abort("kubectl is not on the PATH (" + absent.getMessage() + "): the kustomize render of "
                    + OVERLAY + " is not checked");
        }
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + OVERLAY + " failed:\n" + output);
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(output)) {
            it.forEachRemaining(d -> {
                if (!d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    /** The container's port numbers by name. */
    private static Map<String, Integer> portsByName(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** A port as a manifest writes it (a number or a container port's name) as its number; -1 when unknown. */
    private static int resolve(JsonNode port, Map<String, Integer> byName) {
        return port.isInt() ? port.asInt() : byName.getOrDefault(port.asText(), -1);
    }

    /** The probes ask the management port for paths the management interface answers, and no other port. */
    private static void assertProbesOnTheManagementInterface(JsonNode container) {
        Map<String, Integer> ports = portsByName(container);
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertFalse(get.isMissingNode(), probe + " is missing");
            assertEquals(managementPort, resolve(get.path("port"), ports),
                    probe + " port " + get.path("port") + " is not the management port " + managementPort);
            String path = get.path("path").asText();
            Management.given().when().get(path).then().statusCode(200);
            RestAssured.given().when().get(path).then().statusCode(404);
        }
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
    }

    /** Exactly the application's two ports, named http and management. */
    private static void assertContainerPorts(JsonNode container) {
        assertEquals(Map.of("http", appPort, "management", managementPort), portsByName(container),
                "container ports must be quarkus.http.port and quarkus.management.port");
    }

    @Test
    void probesAskPathsTheManagementInterfaceAnswersOnItsPort() {
        assertContainerPorts(container);
        assertProbesOnTheManagementInterface(container);
    }

    @Test
    void serviceTargetsTheNamedContainerPort() {
        JsonNode service = named(base, "Service", EXPOSED_SERVICE);
        Map<String, Integer> ports = portsByName(container);
        service.path("spec").path("ports").forEach(p -> assertEquals(appPort, resolve(p.path("targetPort"), ports),
                "Service targetPort " + p.path("targetPort") + " is not the application's port"));
        assertEquals(deployment.at("/spec/selector/matchLabels"), service.at("/spec/selector"));
        assertEquals(deployment.at("/spec/selector/matchLabels"),
                kind(base, "PodDisruptionBudget").at("/spec/selector/matchLabels"));
    }

    @Test
    void theRenderedOverlayProbesTheManagementPortAndExposesOnlyTheApi() throws Exception {
        List<JsonNode> docs = rendered();
        JsonNode rendered = kind(docs, "Deployment");
        JsonNode pod = rendered.at("/spec/template");
        JsonNode renderedContainer = pod.at("/spec/containers/0");
        Map<String, Integer> ports = portsByName(renderedContainer);
        assertContainerPorts(renderedContainer);
        assertProbesOnTheManagementInterface(renderedContainer);

        // Prometheus' annotations name the management port and a path it answers with metrics.
        JsonNode annotations = pod.at("/metadata/annotations");
        assertEquals(String.valueOf(managementPort), annotations.path("prometheus.io/port").asText());
        Management.given().when().get(annotations.path("prometheus.io/path").asText()).then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));

        JsonNode exposed = named(docs, "Service", EXPOSED_SERVICE);
        for (JsonNode port : exposed.at("/spec/ports")) {
            assertEquals(appPort, resolve(port.path("targetPort"), ports), EXPOSED_SERVICE + " reaches " + port);
            assertFalse(port.path("port").asInt() == managementPort, EXPOSED_SERVICE + " carries port " + port);
        }
        JsonNode metrics = named(docs, "Service", "jira-sync-metrics");
        assertEquals("ClusterIP", metrics.at("/spec/type").asText("ClusterIP"));
        metrics.at("/spec/ports").forEach(p -> assertEquals(managementPort, resolve(p.path("targetPort"), ports)));

        assertSelectorsMatch(docs, rendered);
    }

    /** The Deployment's selector picks its own pods, and so do every Service's and the PodDisruptionBudget's. */
    private static void assertSelectorsMatch(List<JsonNode> docs, JsonNode deployment) {
        Map<String, String> podLabels = labels(deployment.at("/spec/template/metadata/labels"));
        Map<String, String> selector = labels(deployment.at("/spec/selector/matchLabels"));
        assertFalse(selector.isEmpty(), "the Deployment has no selector");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                "the Deployment's selector " + selector + " does not select its pods " + podLabels);
        String namespace = deployment.at("/metadata/namespace").asText();
        for (JsonNode doc : docs) {
            JsonNode sel = switch (doc.path("kind").asText()) {
                case "Service" -> doc.at("/spec/selector");
                case "PodDisruptionBudget" -> doc.at("/spec/selector/matchLabels");
                default -> null;
            };
            String name = doc.path("kind").asText() + " " + doc.at("/metadata/name").asText();
            assertEquals(namespace, doc.at("/metadata/namespace").asText(), name + " is in another namespace");
            if (sel != null) {
                assertFalse(labels(sel).isEmpty(), name + " selects every pod of the namespace");
                assertTrue(podLabels.entrySet().containsAll(labels(sel).entrySet()),
                        name + " selects " + labels(sel) + ", not the pods " + podLabels);
            }
        }
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
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
        assertTrue(dockerfile.contains("EXPOSE " + appPort + " " + managementPort),
                "Dockerfile.jvm must expose " + appPort + " and " + managementPort);
    }
}
