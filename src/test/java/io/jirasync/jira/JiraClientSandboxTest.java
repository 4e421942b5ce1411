package io.jirasync.jira;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jirasync.jira.SandboxJira.Flavour;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.jira.dto.CreatedIssue;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.jira.dto.JiraUser;
import io.jirasync.jira.dto.SearchPage;
import io.jirasync.jira.dto.Transition;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every operation of the client against the embedded sandbox, in the three flavours the worker supports. */
@QuarkusTest
class JiraClientSandboxTest {

    @TestHTTPResource("/sandbox/jira")
    String sandbox;

    @Inject
    JiraClient client;

    @Inject
    CreateMetaService createMeta;

    private static Map<String, Object> bug(JiraSite site, String summary) {
        return Map.of("project", Map.of("key", "DEMO"), "issuetype", Map.of("name", "Bug"), "summary", summary,
                "description", RichText.forSite(site, "Seen 42 times on web-2.\nhttps://tracker.acme.com/e/1\n\n"
                        + "```\nat Cart.add(Cart.java:42)\n```"),
                "labels", List.of("jira-sync"), "customfield_10010", Map.of("value", "Backend"));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void everyOperationWorks(Flavour flavour) {
        SandboxJira.reset(sandbox, flavour);
        JiraSite site = flavour.site(sandbox);

        JiraUser me = client.myself(site);
        assertEquals("jira-sync bot", me.displayName());
        assertEquals(flavour.deployment == JiraSite.Deployment.CLOUD ? "5b10ac8d82e05b22cc7d4ef5" : "jira-sync",
                me.id());
        assertEquals(flavour.deployment == JiraSite.Deployment.CLOUD ? "Cloud" : "Server",
                client.serverInfo(site).deploymentType().replace("DataCenter", "Server"));
        assertEquals("Demo", client.project(site, "DEMO").name());

        CreateMeta meta = createMeta.createMeta(site, "DEMO");
        CreateMeta.IssueTypeFields bugType = meta.issueType("Bug").orElseThrow();
        CreateMeta.Field team = bugType.field("Team").orElseThrow();
        assertEquals("customfield_10010", team.fieldId());
        assertTrue(team.required());
        assertEquals("option", team.schema().type());
        assertEquals(3, team.allowedValues().size());
        assertFalse(bugType.field("description").orElseThrow().required());

        CreatedIssue created = client.createIssue(site, IssueFields.of(bug(site, "NPE in Cart \"checkout\"")));
        assertEquals("DEMO-1", created.key());
        CreatedIssue second = client.createIssue(site, IssueFields.of(bug(site, "Timeout in Search")));

        client.editIssue(site, created.key(), IssueFields.of(Map.of("summary", "NPE in Cart (edited)")));
        JiraIssue read = client.issue(site, created.key(), List.of("summary", "status", "description", "labels"));
        assertEquals("NPE in Cart (edited)", read.field("summary").orElseThrow().asText());
        assertEquals("To Do", read.statusName().orElseThrow());
        assertEquals("new", read.statusCategory().orElseThrow());
        if (site.usesAdf()) {
            assertEquals("doc", read.field("description").orElseThrow().path("type").asText());
        } else {
            assertTrue(read.field("description").orElseThrow().asText().contains("{noformat}"));
        }

        List<Transition> transitions = client.transitions(site, created.key());
        Transition start = transitions.stream().filter(t -> t.to().name().equals("In Progress")).findFirst()
                .orElseThrow();
        assertEquals("indeterminate", start.to().statusCategory().key());
        client.transition(site, created.key(), start.id(), null);
        assertEquals("In Progress", client.issue(site, created.key(), List.of("status")).statusName().orElseThrow());

        List<JiraUser> found = client.findUsers(site, site.cloud() ? "ana@example.com" : "ana");
        assertEquals(1, found.size(), found.toString());
        client.assign(site, created.key(), found.get(0).id());
        assertEquals("Ana Silva", client.issue(site, created.key(), List.of("assignee")).field("assignee")
                .orElseThrow().path("displayName").asText());
        client.assign(site, created.key(), null);
        assertTrue(client.issue(site, created.key(), List.of("assignee")).field("assignee").isEmpty());

        assertNotNull(client.addComment(site, created.key(), "Seen again on web-3\nhttps://tracker.acme.com/e/1")
                .id());

        // Two pages of one issue each, chained the way this deployment chains them.
        String jql = "project = " + Jql.quote("DEMO") + " AND labels = " + Jql.quote("jira-sync")
                + " ORDER BY key ASC";
        SearchPage first = client.search(site, jql, List.of("summary", "status"), 1, null);
        assertEquals(List.of(created.key()), first.issues().stream().map(JiraIssue::key).toList());
        assertFalse(first.last());
        SearchPage next = client.search(site, jql, List.of("summary"), 1, first.next());
        assertEquals(List.of(second.key()), next.issues().stream().map(JiraIssue::key).toList());
        assertTrue(next.last(), next.toString());

        SearchPage quoted = client.search(site, "project = DEMO AND summary ~ " + Jql.quote("Timeout in \"Search"),
                List.of("summary"), 10, null);
        assertEquals(List.of(), quoted.issues().stream().map(JiraIssue::key).toList(), quoted.toString());
        SearchPage phrase = client.search(site, "project = DEMO AND summary ~ " + Jql.quote("Timeout in Search"),
                List.of("summary"), 10, null);
        assertEquals(List.of(second.key()), phrase.issues().stream().map(JiraIssue::key).toList());
        assertTrue(phrase.last(), phrase.toString());
    }

    @Test
    void theLegacyCreateMetaFallbackReadsTheSameTypesAndFieldsOnServer() {
        // Jira Cloud removed the legacy endpoint (the sandbox answers 404 there too); Server before 8.4 has only it.
        SandboxJira.reset(sandbox, Flavour.SERVER_V2);
        JiraSite site = Flavour.SERVER_V2.site(sandbox);
        CreateMeta current = createMeta.createMeta(site, "DEMO");
        CreateMeta legacy = createMeta.legacy(site, "DEMO");
        assertEquals(summary(current), summary(legacy));
        assertEquals(current.issueType("Bug").orElseThrow().field("customfield_10010").orElseThrow().allowedValues(),
                legacy.issueType("Bug").orElseThrow().field("customfield_10010").orElseThrow().allowedValues());
    }

    // Issue type name -> required field ids, the part of create metadata the worker decides on.
    private static Map<String, List<String>> summary(CreateMeta meta) {
        return meta.issueTypes().stream().collect(java.util.stream.Collectors.toMap(
                CreateMeta.IssueTypeFields::name, t -> t.fields().stream().filter(CreateMeta.Field::required)
                        .map(CreateMeta.Field::fieldId).sorted().toList()));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void wrongCredentialsAreNamedInTheError(Flavour flavour) {
        SandboxJira.reset(sandbox, flavour);
        JiraSite site = flavour.site(sandbox, "jira-sync@example.com", "not-the-token");
        JiraException e = assertThrows(JiraException.class, () -> client.myself(site));
        assertEquals(401, e.status());
        assertEquals("Jira rejected the credentials for jira-sync@example.com at " + sandbox + ": "
                + String.join("; ", e.errorMessages()), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-token"));
        assertEquals(1, SandboxJira.received(sandbox, "GET /rest/api/" + flavour.apiVersion + "/myself"));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aProjectTheUserCannotSeeIsNamed(Flavour flavour) {
        SandboxJira.reset(sandbox, flavour);
        JiraSite ben = flavour.site(sandbox, flavour.deployment == JiraSite.Deployment.CLOUD ? "ben@example.com"
                : "ben", SandboxJira.API_TOKEN);
        JiraException e = assertThrows(JiraException.class, () -> client.project(ben, "OPS"));
        assertTrue(e.getMessage().startsWith("The Jira user " + ben.user() + " cannot see project OPS at "),
                e.getMessage());
        JiraException meta = assertThrows(JiraException.class, () -> createMeta.createMeta(ben, "OPS"));
        assertTrue(meta.getMessage().contains("cannot see project OPS"), meta.getMessage());
    }

    @Test
    void aFieldRejectionKeepsJirasErrorsAndDropsTheCachedCreateMetadata() {
        SandboxJira.reset(sandbox, Flavour.CLOUD_V3);
        JiraSite site = Flavour.CLOUD_V3.site(sandbox);
        createMeta.createMeta(site, "DEMO");
        long fetches = SandboxJira.received(sandbox, "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes");
        createMeta.createMeta(site, "DEMO");
        assertEquals(fetches, SandboxJira.received(sandbox,
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes"), "second lookup came from the cache");

        Map<String, Object> noTeam = new java.util.HashMap<>(bug(site, "No team"));
        noTeam.remove("customfield_10010");
        JiraException e = assertThrows(JiraException.class, () -> client.createIssue(site, IssueFields.of(noTeam)));
        assertEquals(400, e.status());
        assertEquals(Map.of("customfield_10010", "Team is required."), e.errors());
        assertTrue(e.fieldRejected());
        assertEquals("Jira refused to create an issue in project DEMO (HTTP 400): customfield_10010: Team is required.",
                e.getMessage());

        createMeta.createMeta(site, "DEMO");
        assertEquals(fetches + 1, SandboxJira.received(sandbox,
                "GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes"), "cache was not dropped");
    }

    @Test
    void bearerTokensWorkOnServer() {
        SandboxJira.reset(sandbox, Flavour.SERVER_V2);
        JiraSite pat = new JiraSite(java.net.URI.create(sandbox), JiraSite.Deployment.SERVER, 2,
                JiraSite.AuthType.BEARER, null, "sandbox-pat");
        assertEquals("jira-sync", client.myself(pat).name());
        JiraSite wrong = new JiraSite(java.net.URI.create(sandbox), JiraSite.Deployment.SERVER, 2,
                JiraSite.AuthType.BEARER, null, "wrong-pat");
        JiraException e = assertThrows(JiraException.class, () -> client.myself(wrong));
        assertTrue(e.getMessage().startsWith("Jira rejected the credentials for the access token at "));
    }

    @Test
    void anUnreachableJiraIsReportedAsSuch() {
        JiraSite closed = JiraSite.cloud("http://127.0.0.1:9", "bot@acme.com", "t");
        JiraException e = assertThrows(JiraException.class, () -> client.myself(closed));
        assertEquals(JiraException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("Jira at http://127.0.0.1:9 is unreachable"), e.getMessage());
    }
}
