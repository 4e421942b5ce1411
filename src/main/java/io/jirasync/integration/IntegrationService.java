package io.jirasync.integration;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.integration.IntegrationSettings.Auth;
import io.jirasync.integration.IntegrationSettings.FieldMapping;
import io.jirasync.integration.IntegrationSettings.Inbound;
import io.jirasync.integration.IntegrationSettings.Jira;
import io.jirasync.integration.IntegrationSettings.Outbound;
import io.jirasync.integration.IntegrationSettings.Rules;
import io.jirasync.integration.IntegrationSettings.StatusMapping;
import io.jirasync.integration.IntegrationSettings.Sync;
import io.jirasync.integration.IntegrationSettings.Tracker;
import io.jirasync.security.SecretCipher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.ConfigUtils;

/** Stores, reads and removes integrations; owns the defaults and the handling of write-only secrets. */
@ApplicationScoped
public class IntegrationService {

    /** Default label put on every ticket, so people can find what jira-sync opened. */
    public static final String DEFAULT_LABEL = "jira-sync";
    static final String DEFAULT_DESCRIPTION = "Seen $count times between $first_seen and $last_seen.\n$link";

    private final IntegrationRepository repository;
    private final SecretCipher cipher;
    private final ObjectMapper json;
    private final Cache<String, WebhookCheck> webhookChecks;
    /** In prod an integration without a webhook secret needs {@code allowUnsignedWebhooks: true}. */
    private final boolean unsignedNeedsConsent;

    IntegrationService(IntegrationRepository repository, SecretCipher cipher, ObjectMapper json,
            IntegrationConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.cipher = cipher;
        this.json = json;
        this.webhookChecks = Caffeine.newBuilder().maximumSize(config.webhookCheckCacheSize())
                .expireAfterWrite(config.webhookCheckTtl()).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, webhookChecks, "integration-webhook-check");
        this.unsignedNeedsConsent = ConfigUtils.isProfileActive("prod");
    }

    /** Result of a PUT: the settings as GET shows them, and whether the integration is new. */
    public record PutResult(IntegrationSettings settings, boolean created) {
    }

    /**
     * Creates or replaces the integration of a tracker project. Secrets left out (absent, null or the mask) keep
     * their stored value; an empty string removes a secret.
     */
    @Transactional
    public PutResult put(String project, IntegrationSettings incoming) {
        Integration row = repository.findById(project);
        boolean created = row == null;
        if (created) {
            row = new Integration();
            row.project = project;
            row.createdAt = OffsetDateTime.now();
        }
        IntegrationSettings settings = withDefaults(incoming);
        row.jiraSecret = merge(row.jiraSecret, settings.jira().auth().token(), context(project, "jira"));
        row.webhookSecret = merge(row.webhookSecret, settings.webhookSecret(), context(project, "webhook"));
        Tracker tracker = settings.tracker();
        row.trackerSecret = merge(row.trackerSecret, tracker == null ? null : tracker.secret(), context(project, "tracker"));
        row.trackerToken = merge(row.trackerToken, tracker == null ? null : tracker.token(),
                context(project, "tracker-token"));
        row.trackerWebhookSecret = merge(row.trackerWebhookSecret, tracker == null ? null : tracker.webhookSecret(),
                context(project, "tracker-webhook"));
        checkComplete(settings, row);
        row.settings = write(withoutSecrets(settings));
        row.updatedAt = OffsetDateTime.now();
        if (created) {
            repository.persist(row);
        }
        webhookChecks.invalidate(project);
        Log.infof("Integration %s %s: Jira %s project %s", project, created ? "created" : "replaced",
                settings.jira().url(), settings.projectKey());
        return new PutResult(masked(row), created);
    }

    /** The settings as an admin may see them (secrets masked), or empty. */
    @Transactional
    public Optional<IntegrationSettings> get(String project) {
        return repository.findByIdOptional(project).map(this::masked);
    }

    /** Removes the integration; false when there was none. */
    @Transactional
    public boolean delete(String project) {
        boolean deleted = repository.deleteById(project);
        webhookChecks.invalidate(project);
        if (deleted) {
            Log.infof("Integration %s deleted", project);
        }
        return deleted;
    }

    /** The integration with defaults applied and secrets decrypted, for the parts that talk to Jira or the tracker. */
    @Transactional
    public Optional<StoredIntegration> load(String project) {
        return repository.findByIdOptional(project).map(this::decrypted);
    }

    /**
     * What the webhook receivers need: whether the integration exists, its (Jira) webhook secret, its tracker's kind
     * and the secret the tracker's webhooks are authenticated with.
     */
    public record WebhookCheck(boolean exists, Optional<String> secret, String trackerKind,
            Optional<String> trackerWebhookSecret) {
    }

    /**
     * Whether the project has an integration, and its webhook secret; kept for {@code webhook-check-ttl} (5 s) in a
     * cache of at most {@code webhook-check-cache-size} projects: every delivery needs it, and reading and
     * decrypting the whole integration per delivery held intake to a few hundred per second. "No such integration"
     * is kept too, so that made-up project names cost one query each per TTL and never more memory than the
     * bound. A PUT or DELETE on this replica forgets it at once; other replicas follow within the TTL.
     */
    public WebhookCheck webhookCheck(String project) {
        WebhookCheck known = webhookChecks.getIfPresent(project);
        if (known != null) {
            return known;
        }
        // Read outside the cache's lock: a slow query must not hold up the lookups of other projects.
        WebhookCheck check = QuarkusTransaction.requiringNew().call(() -> repository.findByIdOptional(project)
                .map(row -> new WebhookCheck(true, decrypt(row.webhookSecret, context(project, "webhook")),
                        trackerKind(row), decrypt(row.trackerWebhookSecret, context(project, "tracker-webhook"))))
                .orElse(new WebhookCheck(false, Optional.empty(), Tracker.GENERIC, Optional.empty())));
        webhookChecks.put(project, check);
        return check;
    }

    private String trackerKind(Integration row) {
        Tracker tracker = read(row.settings).tracker();
        return tracker == null ? Tracker.GENERIC : tracker.kindOrGeneric();
    }

    /** Every integration, for the scheduled jobs. */
    @Transactional
    public List<StoredIntegration> loadAll() {
        return repository.listAll().stream().map(this::decrypted).toList();
    }

    /**
     * Re-encrypts every stored secret under the current key, one integration per transaction so that a large
     * installation neither holds long locks nor loses everything to one bad row.
     */
    public SecretReEncryption reEncryptSecrets() {
        SecretReEncryption total = SecretReEncryption.none();
        for (String project : QuarkusTransaction.requiringNew().call(repository::projects)) {
            total = total.plus(QuarkusTransaction.requiringNew().call(() -> reEncryptSecrets(project)));
        }
        return total;
    }

    private SecretReEncryption reEncryptSecrets(String project) {
        Integration row = repository.findLocked(project).orElse(null);
        if (row == null) {
            return SecretReEncryption.none();
        }
        SecretReEncryption.Step jira = reEncrypt(row.jiraSecret, project, "jira");
        SecretReEncryption.Step webhook = reEncrypt(row.webhookSecret, project, "webhook");
        SecretReEncryption.Step tracker = reEncrypt(row.trackerSecret, project, "tracker");
        SecretReEncryption.Step trackerToken = reEncrypt(row.trackerToken, project, "tracker-token");
        SecretReEncryption.Step trackerWebhook = reEncrypt(row.trackerWebhookSecret, project, "tracker-webhook");
        row.jiraSecret = jira.stored();
        row.webhookSecret = webhook.stored();
        row.trackerSecret = tracker.stored();
        row.trackerToken = trackerToken.stored();
        row.trackerWebhookSecret = trackerWebhook.stored();
        SecretReEncryption result = jira.counted().plus(webhook.counted()).plus(tracker.counted())
                .plus(trackerToken.counted()).plus(trackerWebhook.counted());
        if (result.reEncrypted() > 0) {
            Log.infof("Integration %s: %d secret(s) re-encrypted under key %s", project, result.reEncrypted(),
                    cipher.currentKeyId());
        }
        return result;
    }

    private SecretReEncryption.Step reEncrypt(byte[] stored, String project, String secret) {
        if (stored == null) {
            return new SecretReEncryption.Step(null, SecretReEncryption.none());
        }
        try {
            SecretCipher.Opened opened = cipher.open(stored, context(project, secret));
            return opened.current() ? new SecretReEncryption.Step(stored, new SecretReEncryption(0, 1, 0, List.of()))
                    : new SecretReEncryption.Step(cipher.encrypt(opened.plaintext(), context(project, secret)),
                            new SecretReEncryption(1, 0, 0, List.of()));
        } catch (SecretCipher.WrongKeyException e) {
            Log.warnf("Integration %s: no configured key opens its %s secret; it stays as it is", project, secret);
            return new SecretReEncryption.Step(stored, new SecretReEncryption(0, 0, 1,
                    List.of(new SecretReEncryption.Failure(project, secret))));
        }
    }

    private StoredIntegration decrypted(Integration row) {
        return new StoredIntegration(row.project, read(row.settings),
                decrypt(row.jiraSecret, context(row.project, "jira")),
                decrypt(row.webhookSecret, context(row.project, "webhook")),
                decrypt(row.trackerSecret, context(row.project, "tracker")),
                decrypt(row.trackerToken, context(row.project, "tracker-token")),
                decrypt(row.trackerWebhookSecret, context(row.project, "tracker-webhook")));
    }

    private IntegrationSettings masked(Integration row) {
        IntegrationSettings s = read(row.settings);
        Jira jira = s.jira();
        Auth auth = new Auth(jira.auth().type(), jira.auth().user(), row.jiraSecret == null ? null : IntegrationSettings.MASK);
        Tracker tracker = s.tracker() == null && row.trackerSecret == null ? null
                : (s.tracker() == null ? Tracker.callback(null, null) : s.tracker()).withSecrets(
                        mask(row.trackerToken), mask(row.trackerWebhookSecret), mask(row.trackerSecret));
        return copy(s, new Jira(jira.url(), jira.deployment(), jira.apiVersion(), auth),
                row.webhookSecret == null ? null : IntegrationSettings.MASK, tracker);
    }

    private static String mask(byte[] secret) {
        return secret == null ? null : IntegrationSettings.MASK;
    }

    private static IntegrationSettings withoutSecrets(IntegrationSettings s) {
        Jira jira = s.jira();
        Tracker tracker = s.tracker() == null ? null : s.tracker().withSecrets(null, null, null);
        return copy(s, new Jira(jira.url(), jira.deployment(), jira.apiVersion(),
                new Auth(jira.auth().type(), jira.auth().user(), null)), null, tracker);
    }

    private static IntegrationSettings copy(IntegrationSettings s, Jira jira, String webhookSecret, Tracker tracker) {
        return new IntegrationSettings(jira, s.projectKey(), s.issueType(), s.summary(), s.description(), s.labels(),
                s.fieldMapping(), s.customFields(), s.rules(), s.sync(), s.statusMapping(), s.users(),
                s.onRegression(), s.versionAttribute(), s.markerLabel(), webhookSecret, s.allowUnsignedWebhooks(),
                tracker);
    }

    /** Fills every optional setting with its documented default; derives deployment and API version from the URL. */
    static IntegrationSettings withDefaults(IntegrationSettings s) {
        Jira jira = s.jira();
        String deployment = jira.deployment() != null ? jira.deployment()
                : jira.url().toLowerCase(Locale.ROOT).matches("https?://[^/]*\\.atlassian\\.net(/.*)?") ? "cloud" : "server";
        int apiVersion = jira.apiVersion() != null ? jira.apiVersion() : "cloud".equals(deployment) ? 3 : 2;
        if ("server".equals(deployment) && apiVersion != 2) {
            throw InvalidInputException.of("jira.apiVersion", "Jira Server/Data Center speaks REST API version 2 only");
        }
        String url = jira.url().replaceAll("/+$", "");
        Rules rules = s.rules() == null ? new Rules(null, null, null) : s.rules();
        Sync sync = s.sync() == null ? new Sync(null, null) : s.sync();
        Outbound out = sync.outbound() == null ? new Outbound(null, null) : sync.outbound();
        Inbound in = sync.inbound() == null ? new Inbound(null, null, null) : sync.inbound();
        FieldMapping mapping = s.fieldMapping() == null ? new FieldMapping(null, null) : s.fieldMapping();
        StatusMapping statuses = s.statusMapping() == null ? new StatusMapping(null, null) : s.statusMapping();
        return new IntegrationSettings(
                new Jira(url, deployment, apiVersion, jira.auth()),
                s.projectKey(),
                or(s.issueType(), "Bug"),
                or(s.summary(), "$title"),
                or(s.description(), DEFAULT_DESCRIPTION),
                or(s.labels(), List.of(DEFAULT_LABEL)),
                new FieldMapping(or(mapping.labels(), "labels"), or(mapping.description(), "description")),
                or(s.customFields(), List.of()),
                new Rules(or(rules.autoCreate(), false), or(rules.minEvents(), 1), or(rules.states(), List.of("open"))),
                new Sync(new Outbound(or(out.state(), true), or(out.assignee(), true)),
                        new Inbound(or(in.state(), true), or(in.assignee(), true), or(in.fixVersion(), true))),
                new StatusMapping(or(statuses.inbound(), Map.of()), or(statuses.outbound(), Map.of())),
                or(s.users(), List.of()),
                or(s.onRegression(), "reopen"),
                or(s.versionAttribute(), "version"),
                or(s.markerLabel(), true),
                s.webhookSecret(),
                or(s.allowUnsignedWebhooks(), false),
                trackerWithDefaults(s.tracker()));
    }

    /** Rollbar and Bugsnag have one API host each; a trailing slash is dropped so paths join cleanly. */
    private static Tracker trackerWithDefaults(Tracker t) {
        if (t == null) {
            return null;
        }
        String url = t.url() != null ? t.url().replaceAll("/+$", "") : switch (t.kindOrGeneric()) {
            case "rollbar" -> "https://api.rollbar.com";
            case "bugsnag" -> "https://api.bugsnag.com";
            default -> null;
        };
        return new Tracker(t.kindOrGeneric(), url, t.organization(), t.project(), t.token(), t.webhookSecret(),
                t.callbackUrl(), t.secret());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private void checkComplete(IntegrationSettings s, Integration row) {
        List<InvalidInputException.Field> errors = new ArrayList<>();
        Auth auth = s.jira().auth();
        if ("basic".equals(auth.type()) && (auth.user() == null || auth.user().isBlank())) {
            errors.add(new InvalidInputException.Field("jira.auth.user", "is required for basic auth"));
        }
        if (row.jiraSecret == null) {
            errors.add(
                    new InvalidInputException.Field("jira.auth.token", "is required (an API token, password or access token)"));
        }
        if (s.tracker() != null) {
            errors.addAll(TrackerRules.problems(s.tracker(), row.trackerSecret != null, row.trackerToken != null,
                    row.trackerWebhookSecret != null));
        }
        if (unsignedNeedsConsent && row.webhookSecret == null && !Boolean.TRUE.equals(s.allowUnsignedWebhooks())) {
            errors.add(new InvalidInputException.Field("webhookSecret", "is required in production: give Jira's"
                    + " webhook the same secret, or set allowUnsignedWebhooks to true to accept unsigned deliveries"
                    + " (their content is never applied; each only makes jira-sync read the issue from Jira)"));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < s.users().size(); i++) {
            String tracker = s.users().get(i).tracker();
            if (seen.put(tracker, tracker) != null) {
                errors.add(new InvalidInputException.Field("users[" + i + "].tracker", "maps " + tracker + " a second time"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private byte[] merge(byte[] stored, String given, String context) {
        if (given == null || IntegrationSettings.MASK.equals(given)) {
            return stored;
        }
        return given.isEmpty() ? null : cipher.encrypt(given, context);
    }

    private Optional<String> decrypt(byte[] stored, String context) {
        return stored == null ? Optional.empty() : Optional.of(cipher.decrypt(stored, context));
    }

    private static String context(String project, String secret) {
        return "integration:" + project + ":" + secret;
    }

    private String write(IntegrationSettings settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written as JSON", e);
        }
    }

    private IntegrationSettings read(String settings) {
        try {
            return json.readValue(settings, IntegrationSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings cannot be read", e);
        }
    }
}
