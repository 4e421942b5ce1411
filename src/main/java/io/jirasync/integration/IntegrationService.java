package io.jirasync.integration;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import io.jirasync.jira.DeploymentDetection;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.auth.JiraAuth;
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
    private final DeploymentDetection deployments;
    private final JiraAuth jiraAuth;

    IntegrationService(IntegrationRepository repository, SecretCipher cipher, ObjectMapper json,
            IntegrationConfig config, MeterRegistry registry, DeploymentDetection deployments, JiraAuth jiraAuth) {
        this.repository = repository;
        this.deployments = deployments;
        this.jiraAuth = jiraAuth;
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
     * their stored value; an empty string removes a secret. An {@code oauth-3lo} code is exchanged here, once, and
     * not stored; a refused code fails the PUT (nothing stored). When {@code deployment} is left out, the site's
     * serverInfo is asked after the settings are stored (a Jira that does not answer then is asked at first use).
     */
    public PutResult put(String project, IntegrationSettings incoming) {
        IntegrationSettings settings = withDefaults(incoming);
        PutResult stored = QuarkusTransaction.requiringNew().call(() -> store(project, settings));
        IntegrationSettings.Jira jira = settings.jira();
        if (jira.deployment() == null && !JiraSite.AuthType.of(jira.auth().type()).viaGateway()) {
            load(project).ifPresent(integration -> deployments.detectOrGuess(integration.site()));
        }
        return new PutResult(get(project).orElse(stored.settings()), stored.created());
    }

    private PutResult store(String project, IntegrationSettings settings) {
        Integration row = repository.findById(project);
        boolean created = row == null;
        if (created) {
            row = new Integration();
            row.project = project;
            row.createdAt = OffsetDateTime.now();
        }
        mergeSecrets(row, row, settings);
        checkComplete(settings, row);
        authorize(project, settings, row);
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

    /**
     * The integration {@code incoming} would make, checked as a {@code PUT} checks it, but stored nowhere: for
     * {@code test} and {@code preview} of unsaved settings. Secrets left out (absent, null or the mask) are the
     * stored ones, {@code ""} none; an {@code oauth-3lo} code is not exchanged.
     */
    @Transactional
    public StoredIntegration draft(String project, IntegrationSettings incoming) {
        IntegrationSettings settings = withDefaults(incoming);
        Integration stored = repository.findByIdOptional(project).orElseGet(Integration::new);
        Integration draft = new Integration();
        draft.project = project;
        mergeSecrets(draft, stored, settings);
        checkComplete(settings, draft);
        draft.settings = write(withoutSecrets(settings));
        return decrypted(draft);
    }

    // The secrets of settings onto target, those left out from stored (target and stored may be one row).
    private void mergeSecrets(Integration target, Integration stored, IntegrationSettings settings) {
        String project = target.project;
        target.jiraSecret = merge(stored.jiraSecret, settings.jira().auth().secret(), context(project, "jira"));
        target.webhookSecret = merge(stored.webhookSecret, settings.webhookSecret(), context(project, "webhook"));
        Tracker tracker = settings.tracker();
        target.trackerSecret = merge(stored.trackerSecret, tracker == null ? null : tracker.secret(),
                context(project, "tracker"));
        target.trackerToken = merge(stored.trackerToken, tracker == null ? null : tracker.token(),
                context(project, "tracker-token"));
        target.trackerWebhookSecret = merge(stored.trackerWebhookSecret,
                tracker == null ? null : tracker.webhookSecret(), context(project, "tracker-webhook"));
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

    /** Every integration's project, without decrypting anything. */
    @Transactional
    public List<String> projects() {
        return repository.projects();
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

    // A 3LO code is exchanged once, inside the PUT's transaction: refused, nothing of the PUT is stored.
    private void authorize(String project, IntegrationSettings settings, Integration row) {
        Auth auth = settings.jira().auth();
        if (!"oauth-3lo".equals(auth.type()) || auth.code() == null || auth.code().isBlank()) {
            return;
        }
        JiraSite site = StoredIntegration.site(withDeployment(settings.jira()),
                decrypt(row.jiraSecret, context(project, "jira")).orElse(null));
        try {
            jiraAuth.authorize(site, auth.code(), auth.redirectUri());
        } catch (JiraException e) {
            throw InvalidInputException.of("jira.auth.code", e.getMessage());
        }
    }

    private StoredIntegration decrypted(Integration row) {
        IntegrationSettings s = read(row.settings);
        Optional<String> jiraSecret = decrypt(row.jiraSecret, context(row.project, "jira"));
        IntegrationSettings effective = copy(s, effectiveJira(s.jira(), jiraSecret.orElse(null)), s.webhookSecret(),
                s.tracker());
        return new StoredIntegration(row.project, effective, jiraSecret,
                decrypt(row.webhookSecret, context(row.project, "webhook")),
                decrypt(row.trackerSecret, context(row.project, "tracker")),
                decrypt(row.trackerToken, context(row.project, "tracker-token")),
                decrypt(row.trackerWebhookSecret, context(row.project, "tracker-webhook")), s.jira());
    }

    /** The deployment and API version as configured, else as serverInfo said (asked now if never), else guessed. */
    private Jira effectiveJira(Jira jira, String secret) {
        if (jira.deployment() != null || JiraSite.AuthType.of(jira.auth().type()).viaGateway()) {
            return withDeployment(jira);
        }
        JiraSite.Deployment known = deployments.known(jira.url()).orElseGet(() -> QuarkusTransaction
                .suspendingExisting().call(() -> deployments.detectOrGuess(StoredIntegration.site(
                        jiraAs(jira, "server"), secret))));
        return jiraAs(jira, known == JiraSite.Deployment.CLOUD ? "cloud" : "server");
    }

    /** Without asking Jira: as configured, Cloud for the gateway types, else what the host name suggests. */
    private static Jira withDeployment(Jira jira) {
        String deployment = jira.deployment() != null ? jira.deployment()
                : JiraSite.AuthType.of(jira.auth().type()).viaGateway()
                        || DeploymentDetection.guess(jira.url()) == JiraSite.Deployment.CLOUD ? "cloud" : "server";
        return jiraAs(jira, deployment);
    }

    private static Jira jiraAs(Jira jira, String deployment) {
        int apiVersion = jira.apiVersion() != null && (jira.deployment() != null || "cloud".equals(deployment))
                ? jira.apiVersion()
                : "cloud".equals(deployment) ? 3 : 2;
        return new Jira(jira.url(), deployment, apiVersion, jira.auth());
    }

    private IntegrationSettings masked(Integration row) {
        IntegrationSettings s = decrypted(row).settings();
        Jira jira = s.jira();
        Auth given = jira.auth();
        String secret = row.jiraSecret == null ? null : IntegrationSettings.MASK;
        boolean oauth = given.type().startsWith("oauth-");
        Auth auth = new Auth(given.type(), given.user(), oauth ? null : secret, given.clientId(), oauth ? secret : null,
                null, given.redirectUri());
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
        Auth auth = jira.auth();
        return copy(s, new Jira(jira.url(), jira.deployment(), jira.apiVersion(),
                new Auth(auth.type(), auth.user(), null, auth.clientId(), null, null, auth.redirectUri())), null,
                tracker);
    }

    private static IntegrationSettings copy(IntegrationSettings s, Jira jira, String webhookSecret, Tracker tracker) {
        return new IntegrationSettings(jira, s.projectKey(), s.issueType(), s.summary(), s.description(), s.labels(),
                s.fieldMapping(), s.customFields(), s.rules(), s.sync(), s.statusMapping(), s.users(),
                s.onRegression(), s.versionAttribute(), s.markerLabel(), webhookSecret, s.allowUnsignedWebhooks(),
                tracker);
    }

    /**
     * Fills every optional setting with its documented default. Deployment and API version stay as given: left out,
     * they come from the site's serverInfo when the integration is loaded.
     */
    static IntegrationSettings withDefaults(IntegrationSettings s) {
        Jira jira = s.jira();
        if ("server".equals(jira.deployment()) && jira.apiVersion() != null && jira.apiVersion() != 2) {
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
                new Jira(url, jira.deployment(), jira.apiVersion(), jira.auth()),
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
        checkAuth(s.jira(), row, errors);
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

    // Every missing part of jira.auth at once, in the terms of its type.
    private void checkAuth(Jira jira, Integration row, List<InvalidInputException.Field> errors) {
        Auth auth = jira.auth();
        String type = auth.type();
        if ("basic".equals(type) && blank(auth.user())) {
            errors.add(new InvalidInputException.Field("jira.auth.user", "is required for basic auth"));
        }
        if (("basic".equals(type) || "bearer".equals(type)) && row.jiraSecret == null) {
            errors.add(
                    new InvalidInputException.Field("jira.auth.token", "is required (an API token, password or access token)"));
        }
        if ("scoped".equals(type)) {
            required(errors, "user", auth.user(), type, " (the e-mail of the account or service account)");
            required(errors, "token", row.jiraSecret == null ? null : "stored", type, " (the scoped API token)");
        }
        if (type.startsWith("oauth-")) {
            required(errors, "clientId", auth.clientId(), type, "");
            required(errors, "clientSecret", row.jiraSecret == null ? null : "stored", type, "");
        }
        if ("oauth-3lo".equals(type)) {
            required(errors, "redirectUri", auth.redirectUri(), type, " (the app's callback URL the code was sent to)");
            if (blank(auth.code()) && !jiraAuth.authorized(StoredIntegration.site(withDeployment(jira), null))) {
                required(errors, "code", null, type, " (an admin's authorization code; it is exchanged once and not"
                        + " stored)");
            }
        }
        if (JiraSite.AuthType.of(type).viaGateway() && "server".equals(jira.deployment())) {
            errors.add(new InvalidInputException.Field("jira.deployment", "must be cloud for jira.auth.type " + type
                    + ": scoped tokens and OAuth 2.0 reach Jira Cloud only"));
        }
    }

    private static void required(List<InvalidInputException.Field> errors, String field, String value, String type,
            String what) {
        if (blank(value)) {
            errors.add(new InvalidInputException.Field("jira.auth." + field, "required for " + type + what));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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
