package io.jirasync.jira.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.JiraSiteInfoRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The cloudId by which Atlassian's API gateway names a Jira Cloud site: read once from
 * {@code <site>/_edge/tenant_info} (answer {@code {"cloudId": "..."}}, no credentials needed), kept in
 * {@code jira_site_info} for every replica and restart, and in memory on top. Client-credentials and 3LO sites use
 * tenant_info too: it needs no token, and one way for every type is one thing to go wrong.
 */
@ApplicationScoped
public class CloudIds {

    private final AtlassianHttp http;
    private final JiraSiteInfoRepository repository;
    private final ObjectMapper json;
    private final Cache<String, String> known;

    CloudIds(AtlassianHttp http, JiraSiteInfoRepository repository, ObjectMapper json, JiraConfig config) {
        this.http = http;
        this.repository = repository;
        this.json = json;
        this.known = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).build();
    }

    /** The site's cloudId: from memory, else the table, else tenant_info (then stored). */
    public String of(JiraSite site) {
        String url = site.url().toString();
        String id = known.getIfPresent(url);
        if (id != null) {
            return id;
        }
        id = QuarkusTransaction.requiringNew().call(() -> repository.find(url, JiraSiteInfoRepository.Fact.CLOUD_ID))
                .orElseGet(() -> read(site));
        known.put(url, id);
        return id;
    }

    /** Reads tenant_info again (the gateway refused the kept id); the fresh id when it differs from {@code used}. */
    Optional<String> reread(JiraSite site, String used) {
        String fresh = read(site);
        known.put(site.url().toString(), fresh);
        return fresh.equals(used) ? Optional.empty() : Optional.of(fresh);
    }

    private String read(JiraSite site) {
        String url = site.url().toString();
        String where = url + "/_edge/tenant_info";
        String what = "The site's tenant_info (" + where + "), where jira-sync reads the cloudId of jira.url for "
                + "jira.auth.type " + site.authType().setting() + ",";
        OutboundHttp.Response response = http.get(AtlassianHttp.under(url, "/_edge/tenant_info"), what);
        String cloudId = response.status() == 200 ? cloudId(response.text()) : null;
        if (cloudId == null) {
            int status = response.status();
            throw new JiraException(JiraException.Kind.HTTP, status >= 500 ? status : 404, what + " answered HTTP "
                    + status + " without a cloudId: jira.url must be the Jira Cloud site itself, such as"
                    + " https://your-site.atlassian.net" + (status >= 500 ? "; the task waits and tries again" : ""),
                    List.of(), Map.of(), response.headers(), null);
        }
        QuarkusTransaction.requiringNew().run(() -> repository.store(url, JiraSiteInfoRepository.Fact.CLOUD_ID, cloudId));
        Log.infof("Jira site %s has cloudId %s (from its tenant_info)", url, cloudId);
        return cloudId;
    }

    private String cloudId(String body) {
        try {
            JsonNode id = json.readTree(body).path("cloudId");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }
}
