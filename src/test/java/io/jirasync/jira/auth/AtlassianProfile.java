package io.jirasync.jira.auth;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sandbox, in a process of its own ({@link StandaloneSandbox}), is the Jira site and stands in for Atlassian's
 * API gateway and authorization server: both worker settings point at it.
 */
public class AtlassianProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StandaloneSandbox.class));
    }
}
