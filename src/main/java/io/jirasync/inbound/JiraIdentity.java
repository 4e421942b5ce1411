package io.jirasync.inbound;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.JiraUser;
import io.quarkus.logging.Log;

/**
 * Who jira-sync is at each Jira ({@code GET /myself}, asked once per site and credential): to recognise
 * deliveries caused by its own account, and to write JQL dates in its account's time zone.
 */
@ApplicationScoped
public class JiraIdentity {

    private final JiraClient jira;
    private final Map<JiraSite, JiraUser> myself = new ConcurrentHashMap<>();

    JiraIdentity(JiraClient jira) {
        this.jira = jira;
    }

    /** Whether {@code actor} (a delivery's {@code user}) is the integration's own Jira account. */
    public boolean isOwnAccount(StoredIntegration integration, JiraPerson actor) {
        if (actor == null) {
            return false;
        }
        String login = integration.settings().jira().auth().user();
        if (login != null && (login.equalsIgnoreCase(actor.email()) || login.equals(actor.name()))) {
            return true;
        }
        return myself(integration.site())
                .map(me -> (me.accountId() != null && me.accountId().equals(actor.accountId()))
                        || (me.name() != null && me.name().equals(actor.name())))
                .orElse(false);
    }

    /** The zone Jira reads this account's JQL dates in; UTC when Jira does not say. */
    public ZoneId timeZone(JiraSite site) {
        return myself(site).map(JiraUser::timeZone).map(zone -> {
            try {
                return ZoneId.of(zone);
            } catch (DateTimeException e) {
                Log.warnf("Jira at %s names an unknown time zone %s; JQL dates are written in UTC", site.url(), zone);
                return (ZoneId) ZoneOffset.UTC;
            }
        }).orElse(ZoneOffset.UTC);
    }

    private Optional<JiraUser> myself(JiraSite site) {
        JiraUser known = myself.get(site);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            JiraUser me = jira.myself(site);
            myself.put(site, me);
            return Optional.of(me);
        } catch (JiraException e) {
            Log.warnf("Could not read jira-sync's own Jira account at %s: %s", site.url(), e.getMessage());
            return Optional.empty();
        }
    }
}
