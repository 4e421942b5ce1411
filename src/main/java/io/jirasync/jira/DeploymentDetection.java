package io.jirasync.jira;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.jira.dto.ServerInfo;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Which Jira a site is, for settings that leave {@code deployment} and {@code apiVersion} out: what its
 * {@code serverInfo.deploymentType} says (Cloud: cloud/3; Server, DataCenter: server/2), not its host name. Asked
 * when an integration is saved, tested or first used, then kept in {@code jira_site_info} (and in memory), so that
 * serverInfo is not read per request. Scoped and OAuth auth exist on Cloud only and are never asked about.
 */
@ApplicationScoped
public class DeploymentDetection {

    private final JiraClient client;
    private final JiraSiteInfoRepository repository;
    private final Cache<String, JiraSite.Deployment> known;
    private final Cache<String, Instant> failures;

    /** How long a site whose serverInfo did not answer is taken by its host name before it is asked again. */
    static final Duration RETRY_DETECTION = Duration.ofMinutes(1);

    DeploymentDetection(JiraClient client, JiraSiteInfoRepository repository, JiraConfig config) {
        this.client = client;
        this.repository = repository;
        this.known = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).build();
        this.failures = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).expireAfterWrite(RETRY_DETECTION)
                .build();
    }

    /** What the site was found to be, if it was asked before. */
    public Optional<JiraSite.Deployment> known(String url) {
        JiraSite.Deployment deployment = known.getIfPresent(url);
        if (deployment != null) {
            return Optional.of(deployment);
        }
        Optional<JiraSite.Deployment> stored = QuarkusTransaction.requiringNew()
                .call(() -> repository.find(url, JiraSiteInfoRepository.Fact.DEPLOYMENT))
                .map(d -> JiraSite.Deployment.valueOf(d.toUpperCase(Locale.ROOT)));
        stored.ifPresent(d -> known.put(url, d));
        return stored;
    }

    /**
     * Asks the site's serverInfo (REST v2, which Cloud and Server both have) with the site's credentials, and keeps
     * the answer. Throws {@link JiraException} when Jira does not answer.
     */
    public JiraSite.Deployment detect(JiraSite site) {
        if (site.viaGateway()) {
            return JiraSite.Deployment.CLOUD;
        }
        JiraSite v2 = new JiraSite(site.url(), JiraSite.Deployment.SERVER, 2, site.authType(), site.user(),
                site.secret());
        ServerInfo info = client.serverInfo(v2);
        JiraSite.Deployment deployment = of(info);
        String url = site.url().toString();
        QuarkusTransaction.requiringNew()
                .run(() -> repository.store(url, JiraSiteInfoRepository.Fact.DEPLOYMENT,
                        deployment.name().toLowerCase(Locale.ROOT)));
        known.put(url, deployment);
        Log.infof("Jira at %s says it is %s (serverInfo.deploymentType %s)", url, deployment, info.deploymentType());
        return deployment;
    }

    /**
     * What the site is: detected now when never asked, else what the host name suggests. A Jira that did not answer
     * is not asked again for {@link #RETRY_DETECTION}, so that loading integrations never waits on it repeatedly.
     */
    public JiraSite.Deployment detectOrGuess(JiraSite site) {
        String url = site.url().toString();
        Optional<JiraSite.Deployment> stored = known(url);
        if (stored.isPresent()) {
            return stored.get();
        }
        Instant failed = failures.getIfPresent(url);
        if (failed == null) {
            try {
                return detect(site);
            } catch (JiraException e) {
                failures.put(url, Instant.now());
                Log.warnf("Jira at %s could not be asked for its deployment type (%s); until it answers, its host"
                        + " name decides: %s", url, e.getMessage(), guess(url));
            }
        }
        return guess(url);
    }

    /** Cloud for {@code deploymentType} "Cloud", Server for "Server", "DataCenter" and anything else. */
    public static JiraSite.Deployment of(ServerInfo info) {
        return "cloud".equalsIgnoreCase(info.deploymentType()) ? JiraSite.Deployment.CLOUD
                : JiraSite.Deployment.SERVER;
    }

    /** What the host name suggests, when Jira could not be asked yet: {@code *.atlassian.net} is Cloud. */
    public static JiraSite.Deployment guess(String url) {
        return url.toLowerCase(Locale.ROOT).matches("https?://[^/]*\\.atlassian\\.net(/.*)?") ? JiraSite.Deployment.CLOUD
                : JiraSite.Deployment.SERVER;
    }
}
