package io.jirasync.integration;

import java.util.List;

/**
 * A part of {@code test} that another feature owns (the tracker side, for one): a CDI bean that PreflightService
 * runs after the Jira checks, so the integration package does not depend on that feature.
 */
public interface PreflightCheck {

    /** What this check finds about the integration; empty when it has nothing to say. */
    List<PreflightService.Finding> check(StoredIntegration integration);
}
