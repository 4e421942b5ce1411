package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jirasync.jira.SandboxJira.Flavour;
import io.jirasync.jira.dto.CreatedIssue;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.jira.dto.SearchPage;
import io.jirasync.openapi.JiraOpenApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance 2: the requests the client really sends (recorded as they leave, body included) validate against
 * Atlassian's OpenAPI description. v2 requests are checked against the v3 operation, which has the same shapes
 * (rich-text values are free-form in those schemas).
 */
@QuarkusTest
class JiraRequestsMatchOpenApiTest {

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    @Inject
    RecordedJiraRequests recorded;

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void createEditTransitionSearchAndTheRestValidate(Flavour flavour) {
        SandboxJira.reset(sandbox, flavour);
        JiraSite site = flavour.site(sandbox);
        recorded.clear();

        CreatedIssue created = client.createIssue(site, IssueFields.of(Map.of(
                "project", Map.of("key", "DEMO"), "issuetype", Map.of("name", "Bug"),
                "summary", "NPE in Cart", "labels", List.of("jira-sync", "backend"),
                "description", RichText.forSite(site, "Seen 42 times\non web-2\n\nhttps://tracker.acme.com/e/1\n"
                        + "```\nat Cart.add(Cart.java:42)\n```"),
                "customfield_10010", Map.of("value", "Backend"),
                "customfield_10011", List.of(Map.of("value", "production")))));
        client.editIssue(site, created.key(), new IssueFields(Map.of("summary", "NPE in Cart, edited"),
                Map.of("labels", List.of(Map.of("add", "regression"))), null));
        client.transition(site, created.key(), "21", Map.of("resolution", Map.of("name", "Done")));
        SearchPage page = client.search(site, "project = " + Jql.quote("DEMO") + " ORDER BY key", List.of("summary",
                "status"), 50, null);
        assertEquals(1, page.issues().size());
        client.assign(site, created.key(), site.cloud() ? "5d53f3cbc6b9320d9ea5bdc2" : "ana");
        client.addComment(site, created.key(), "Regressed in 2.3.1");
        client.issue(site, created.key(), List.of("status", "fixVersions"));

        List<RecordedJiraRequests.Sent> sent = recorded.all();
        Set<String> checked = sent.stream().map(s -> s.method() + " " + template(s.uri().getPath()))
                .collect(Collectors.toSet());
        String api = "/rest/api/" + flavour.apiVersion + "/";
        assertTrue(checked.containsAll(Set.of("POST " + api + "issue", "PUT " + api + "issue/KEY",
                "POST " + api + "issue/KEY/transitions", "POST " + api + (site.cloud() ? "search/jql" : "search"))),
                checked.toString());

        List<String> problems = new ArrayList<>();
        for (RecordedJiraRequests.Sent s : sent) {
            if (!site.usesAdf() && s.uri().getPath().endsWith("/comment")) {
                // A v2 comment body is a wiki-markup string where v3's schema wants an ADF object: the one
                // documented difference between the versions, so the v3 description cannot judge it.
                continue;
            }
            String path = s.uri().getRawPath().replaceFirst("^/sandbox/jira", "")
                    + (s.uri().getRawQuery() == null ? "" : "?" + s.uri().getRawQuery());
            String report = JiraOpenApi.validateRequest(s.method(), path, s.body());
            if (!report.isEmpty()) {
                problems.add(s.method() + " " + path + " " + s.body() + "\n" + report);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String template(String path) {
        return path.replaceFirst("^/sandbox/jira", "").replaceAll("/DEMO-\\d+", "/KEY");
    }
}
