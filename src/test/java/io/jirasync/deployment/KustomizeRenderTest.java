package io.jirasync.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

/**
 * Renders the base and every overlay under {@code deployment/kubernetes/overlays} with {@code kubectl kustomize} and
 * checks that the rendered resources fit each other and the application: Service target ports and selectors,
 * Ingress backends and paths, the ServiceMonitor's Service, port and path, the NetworkPolicy's pods, ports and
 * egress, and the metric names of the alert rules and the dashboard. Every component must be switched on by some
 * overlay, so that each is rendered here.
 */
@QuarkusTest
class KustomizeRenderTest {

    private static final Path K8S = Path.of("deployment/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern
            .compile("\\b(jira_sync_[a-z_]+|kube_pod_status_ready|up)\\b(?=\\s*[{)\\[]|\\s*$|\\s*[<>=])");
    /**
     * Families the rules and the dashboard use that this test's application does not show on {@code /q/metrics}
     * yet: counters that appear at their first increment, and families of work merged separately. A name leaves
     * this list when the application exposes it at start.
     */
    private static final Map<String, String> NOT_SCRAPED_HERE = Map.of(
            "jira_sync_jira_responses_total", "a counter: appears at the first Jira answer",
            "jira_sync_webhook_last_received_seconds", "per integration: appears once an integration exists",
            "jira_sync_reconcile_missed_deliveries_total", "per integration: appears at the first repaired change",
            "jira_sync_site_paused", "per site: appears at the first request to a Jira site",
            "jira_sync_budget_", "per site: appears at the first request to a Jira site, matched by name prefix",
            "kube_pod_status_ready", "kube-state-metrics, not the application",
            "up", "Prometheus' own scrape result");
    /** Ingress paths of HTML pages, not in the OpenAPI document: the page each must answer (the console's sign-in). */
    private static final Map<String, String> PAGES = Map.of("/console", "/console/sign-in");
    private static final Set<String> ALERTS = Set.of("JiraSyncOldestTaskTooOld", "JiraSyncOldestDeliveryTooOld",
            "JiraSyncTasksFailed", "JiraSyncSitePaused", "JiraSyncWebhooksMissing", "JiraSyncPodNotReady",
            "JiraSyncScrapeDown");

    private static Map<String, List<JsonNode>> renders;

    @BeforeAll
    static void render() throws Exception {
        renders = new LinkedHashMap<>();
        renders.put("base", kustomize(K8S.resolve("base")));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            for (Path overlay : overlays.filter(Files::isDirectory).sorted().toList()) {
                renders.put("overlays/" + overlay.getFileName(), kustomize(overlay));
            }
        }
    }

    private static List<JsonNode> kustomize(Path dir) throws Exception {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return abort("kubectl is not on the PATH (" + absent.getMessage() + "): " + dir + " is not rendered");
        }
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + dir + " did not finish");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + dir + " failed:\n" + output);
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(output)) {
            it.forEachRemaining(d -> {
                if (d.isObject()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    private static List<JsonNode> all(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static String name(JsonNode doc) {
        return doc.path("kind").asText() + " " + doc.at("/metadata/name").asText();
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static JsonNode pod(List<JsonNode> docs) {
        List<JsonNode> deployments = all(docs, "Deployment");
        assertEquals(1, deployments.size(), "one Deployment");
        return deployments.get(0).at("/spec/template");
    }

    /** The container's port numbers by name. */
    private static Map<String, Integer> containerPorts(JsonNode pod) {
        Map<String, Integer> ports = new HashMap<>();
        pod.at("/spec/containers/0/ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static int managementPort() {
        return URI.create(Management.url()).getPort();
    }

    @Test
    void everyComponentIsSwitchedOnBySomeOverlay() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(K8S.resolve("overlays"))) {
            for (Path k : files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                YAML.readTree(k.toFile()).path("components")
                        .forEach(c -> used.add(k.getParent().resolve(c.asText()).normalize().getFileName().toString()));
            }
        }
        try (Stream<Path> components = Files.list(K8S.resolve("components"))) {
            for (Path c : components.filter(Files::isDirectory).toList()) {
                assertEquals("Component", YAML.readTree(c.resolve("kustomization.yaml").toFile()).path("kind").asText(),
                        c + " is not a kustomize Component");
                assertTrue(used.contains(c.getFileName().toString()), c + " is in no overlay, so it is never rendered");
            }
        }
    }

    @Test
    void servicesTargetNamedContainerPortsAndSelectThePods() {
        renders.forEach((render, docs) -> {
            JsonNode pod = pod(docs);
            Map<String, Integer> ports = containerPorts(pod);
            Map<String, String> podLabels = labels(pod.at("/metadata/labels"));
            for (JsonNode service : all(docs, "Service")) {
                assertTrue(selects(labels(service.at("/spec/selector")), podLabels),
                        render + ": " + name(service) + " selects " + service.at("/spec/selector") + ", not the pods");
                for (JsonNode port : service.at("/spec/ports")) {
                    JsonNode target = port.path("targetPort");
                    assertTrue(target.isInt() ? ports.containsValue(target.asInt()) : ports.containsKey(target.asText()),
                            render + ": " + name(service) + " targets port " + target + ", but the container's ports are "
                                    + ports.keySet());
                }
            }
        });
    }

    @Test
    void ingressExposesOnlyWebhookPathsOfTheApiServiceOverTls() {
        int ingresses = 0;
        for (var render : renders.entrySet()) {
            List<JsonNode> docs = render.getValue();
            for (JsonNode ingress : all(docs, "Ingress")) {
                ingresses++;
                Set<String> tlsHosts = new TreeSet<>();
                ingress.at("/spec/tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
                for (JsonNode rule : ingress.at("/spec/rules")) {
                    assertTrue(tlsHosts.contains(rule.path("host").asText()),
                            render.getKey() + ": host " + rule.path("host") + " has no TLS " + tlsHosts);
                    for (JsonNode path : rule.at("/http/paths")) {
                        assertBackendIsTheApi(render.getKey(), docs, path.at("/backend/service"));
                        assertAnswered(render.getKey(), path.path("path").asText());
                    }
                }
            }
        }
        assertTrue(ingresses >= 2, "the ingress component is rendered by fewer than two overlays");
    }

    private static void assertBackendIsTheApi(String render, List<JsonNode> docs, JsonNode backend) {
        String service = backend.path("name").asText();
        JsonNode target = all(docs, "Service").stream().filter(s -> service.equals(s.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(render + ": the Ingress names Service " + service
                        + ", which is not rendered"));
        JsonNode port = backend.path("port");
        JsonNode servicePort = null;
        for (JsonNode p : target.at("/spec/ports")) {
            if (port.has("name") ? port.path("name").asText().equals(p.path("name").asText())
                    : port.path("number").asInt() == p.path("port").asInt()) {
                servicePort = p;
            }
        }
        if (servicePort == null) {
            fail(render + ": the Ingress names port " + port + " of Service " + service + ", which has "
                    + target.at("/spec/ports"));
        }
        Map<String, Integer> ports = containerPorts(pod(docs));
        JsonNode targetPort = servicePort.path("targetPort");
        int number = targetPort.isInt() ? targetPort.asInt() : ports.getOrDefault(targetPort.asText(), -1);
        assertEquals(ports.get("http"), number, render + ": the Ingress reaches container port " + targetPort
                + " through " + service + ", not the API port");
    }

    /**
     * The path is a prefix of paths the application serves on its API port, as its OpenAPI document lists them
     * (the webhook receiver {@code /webhooks/jira/{project}} for {@code /webhooks/jira}), or a page that answers.
     */
    private static void assertAnswered(String render, String path) {
        if (PAGES.containsKey(path)) {
            io.restassured.RestAssured.given().when().get(PAGES.get(path)).then().statusCode(200);
            return;
        }
        assertTrue(path.startsWith("/webhooks/"), render + ": the Ingress exposes " + path + ", not a webhook path");
        List<String> served = new ArrayList<>();
        Management.given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath()
                .getMap("paths").keySet().forEach(p -> served.add(p.toString()));
        assertTrue(served.stream().anyMatch(p -> p.startsWith(path.endsWith("/") ? path : path + "/")),
                render + ": the Ingress exposes " + path + ", but the application serves only " + served);
    }

    @Test
    void serviceMonitorScrapesTheMetricsServicesManagementPortAtAMetricsPath() {
        int monitors = 0;
        for (var render : renders.entrySet()) {
            List<JsonNode> docs = render.getValue();
            Map<String, Integer> ports = containerPorts(pod(docs));
            for (JsonNode monitor : all(docs, "ServiceMonitor")) {
                monitors++;
                Map<String, String> selector = labels(monitor.at("/spec/selector/matchLabels"));
                List<JsonNode> selected = all(docs, "Service").stream()
                        .filter(s -> selects(selector, labels(s.at("/metadata/labels")))).toList();
                assertEquals(List.of("jira-sync-metrics"), selected.stream().map(s -> s.at("/metadata/name").asText())
                        .toList(), render.getKey() + ": the ServiceMonitor's selector " + selector);
                for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
                    JsonNode port = null;
                    for (JsonNode p : selected.get(0).at("/spec/ports")) {
                        port = endpoint.path("port").asText().equals(p.path("name").asText()) ? p : port;
                    }
                    if (port == null) {
                        fail(render.getKey() + ": the ServiceMonitor scrapes port " + endpoint.path("port")
                                + ", which Service jira-sync-metrics does not name: " + selected.get(0).at("/spec/ports"));
                    }
                    assertEquals(ports.get("management"), ports.get(port.path("targetPort").asText()),
                            render.getKey() + ": the ServiceMonitor's port is not the management port");
                    Management.given().when().get(endpoint.path("path").asText()).then().statusCode(200)
                            .body(org.hamcrest.Matchers.containsString("jira_sync_tasks"));
                }
            }
        }
        assertTrue(monitors > 0, "no overlay renders the monitoring component");
    }

    @Test
    void networkPolicyLetsInTheIngressControllerAndPrometheusAndOutDnsPostgresAndHttpsOnly() {
        int policies = 0;
        for (var render : renders.entrySet()) {
            List<JsonNode> docs = render.getValue();
            JsonNode pod = pod(docs);
            Map<String, Integer> ports = containerPorts(pod);
            for (JsonNode policy : all(docs, "NetworkPolicy")) {
                policies++;
                String where = render.getKey() + ": " + name(policy);
                assertTrue(selects(labels(policy.at("/spec/podSelector/matchLabels")), labels(pod.at("/metadata/labels"))),
                        where + " does not select the pods");
                Set<String> in = new TreeSet<>();
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    for (JsonNode port : rule.path("ports")) {
                        JsonNode p = port.path("port");
                        assertTrue(p.isInt() ? ports.containsValue(p.asInt()) : ports.containsKey(p.asText()),
                                where + " lets in port " + p + ", which the container does not have: " + ports.keySet());
                        in.add(p.asText());
                    }
                    assertFalse(rule.path("from").isEmpty(), where + " lets anyone in");
                }
                assertEquals(Set.of("http", "management"), in, where + " ingress ports");
                Map<Integer, List<JsonNode>> out = new HashMap<>();
                for (JsonNode rule : policy.at("/spec/egress")) {
                    rule.path("ports").forEach(p -> out.computeIfAbsent(p.path("port").asInt(), k -> new ArrayList<>())
                            .add(rule.path("to")));
                }
                assertEquals(Set.of(53, 443, postgresPort(docs)), out.keySet(), where + " egress ports");
                for (JsonNode to : out.get(443)) {
                    to.forEach(peer -> assertTrue(peer.at("/ipBlock/except").toString().contains("\"169.254.0.0/16\""),
                            where + " lets HTTPS reach the link-local range: " + peer));
                }
            }
        }
        assertTrue(policies > 0, "no overlay renders the network-policy component");
    }

    /** The port of the JDBC URL in the rendered ConfigMap. */
    private static int postgresPort(List<JsonNode> docs) {
        String url = all(docs, "ConfigMap").stream().map(c -> c.at("/data/QUARKUS_DATASOURCE_JDBC_URL").asText(""))
                .filter(u -> !u.isEmpty()).findFirst().orElseThrow();
        Matcher m = Pattern.compile(":(\\d+)/").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    @Test
    void alertsAndDashboardUseMetricsTheApplicationExposes() throws IOException {
        String scraped = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        int rules = 0;
        for (var render : renders.entrySet()) {
            for (JsonNode rule : all(render.getValue(), "PrometheusRule")) {
                rules++;
                Set<String> alerts = new TreeSet<>();
                for (JsonNode r : rule.findValues("rules").stream().flatMap(n -> toList(n).stream()).toList()) {
                    alerts.add(r.path("alert").asText());
                    assertExposed(render.getKey() + " alert " + r.path("alert").asText(), r.path("expr").asText(), scraped);
                    assertFalse(r.at("/annotations/summary").asText().isBlank(), r.path("alert") + " has no summary");
                }
                assertEquals(ALERTS, alerts, render.getKey() + ": the alerts");
            }
            for (JsonNode map : all(render.getValue(), "ConfigMap")) {
                if (!"1".equals(map.at("/metadata/labels/grafana_dashboard").asText())) {
                    continue;
                }
                JsonNode dashboard = JSON.readTree(map.at("/data/jira-sync-dashboard.json").asText());
                Set<String> used = new TreeSet<>();
                for (JsonNode target : dashboard.findValues("targets").stream().flatMap(n -> toList(n).stream()).toList()) {
                    used.addAll(assertExposed(render.getKey() + " dashboard", target.path("expr").asText(), scraped));
                }
                assertTrue(used.containsAll(Set.of("jira_sync_jira_responses_total", "jira_sync_tasks",
                        "jira_sync_oldest_pending_task_seconds", "jira_sync_inbox_oldest_pending_seconds",
                        "jira_sync_site_paused", "jira_sync_webhook_last_received_seconds",
                        "jira_sync_reconcile_missed_deliveries_total")), "the dashboard shows " + used);
                assertTrue(dashboard.toString().contains("jira_sync_budget_"), "the dashboard shows no budget");
            }
        }
        assertTrue(rules > 0, "no overlay renders the monitoring component");
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** Each metric family the expression names is on {@code /q/metrics}, or listed as not scraped here. */
    private static Set<String> assertExposed(String where, String expr, String scraped) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            String family = m.group(1);
            names.add(family);
            boolean coming = NOT_SCRAPED_HERE.keySet().stream().anyMatch(family::startsWith);
            assertTrue(coming || Pattern.compile("(?m)^" + family + "[{ ]").matcher(scraped).find(),
                    where + " uses " + family + ", which /q/metrics does not show");
        }
        assertFalse(names.isEmpty() && !expr.contains("jira_sync_budget_"), where + " names no metric: " + expr);
        return names;
    }
}
