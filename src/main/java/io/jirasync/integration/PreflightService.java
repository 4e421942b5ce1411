package io.jirasync.integration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.domain.NotFoundException;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.jira.CreateMetaService;
import io.jirasync.jira.DeploymentDetection;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.jira.dto.ServerInfo;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.ShapedValue;
import io.jirasync.template.TextLimit;

/**
 * The admin's checks before anything is sent: {@code test} asks Jira whether the settings can work (credentials,
 * project, issue type, fields), {@code preview} shows the exact create request for one fingerprint. Neither
 * writes to Jira.
 */
@ApplicationScoped
public class PreflightService {

    /** One thing {@code test} found: severity {@code error}, {@code warning} or {@code ok}, the setting, a sentence. */
    public record Finding(@Schema(description = "error or warning.") String severity,
            @Schema(description = "Setting concerned.") String field,
            @Schema(description = "What is wrong or doubtful, and what to do.") String message) {
    }

    /** The answer of {@code test}. */
    public record TestResult(@Schema(description = "Whether no finding is an error.") boolean ok,
            @Schema(description = "What the test found.") List<Finding> findings) {
    }

    /**
     * The answer of {@code preview}: the request that would be sent, what is wrong or doubtful with it, and the
     * fields whose text is cut to Jira's limits (the body holds the cut text, as it would be sent).
     */
    public record Preview(@Schema(description = "HTTP method of the request that would be sent.") String method,
            @Schema(description = "Jira path it would be sent to.") String path,
            @Schema(description = "Body it would carry.") IssueFields body,
            @Schema(description = "What is doubtful about it.") List<String> warnings,
            @Schema(description = "What would make Jira refuse it.") List<String> errors,
            @Schema(description = "Texts shortened to Jira's limits.") List<TextLimit.Cut> cuts) {
    }

    private final IntegrationService integrations;
    private final FingerprintService fingerprints;
    private final IssueComposer composer;
    private final CreateMetaService createMeta;
    private final JiraClient jira;
    private final FieldShaper shaper;
    private final DeploymentDetection deployments;
    private final jakarta.enterprise.inject.Instance<PreflightCheck> checks;

    PreflightService(IntegrationService integrations, FingerprintService fingerprints, IssueComposer composer,
            CreateMetaService createMeta, JiraClient jira, FieldShaper shaper, DeploymentDetection deployments,
            jakarta.enterprise.inject.Instance<PreflightCheck> checks) {
        this.deployments = deployments;
        this.checks = checks;
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.composer = composer;
        this.createMeta = createMeta;
        this.jira = jira;
        this.shaper = shaper;
    }

    /** The create request for {@code fingerprint}, as the create task would send it now. */
    public Preview preview(String project, String fingerprint) {
        return preview(integration(project), fingerprint);
    }

    /** The create request for {@code fingerprint} under the given (stored or unsaved) integration. */
    public Preview preview(StoredIntegration integration, String fingerprint) {
        String project = integration.project();
        FingerprintView fp = fingerprints.find(project, fingerprint).orElseThrow(
                () -> InvalidInputException.of("fingerprint", "no fingerprint " + fingerprint + " in project " + project));
        JiraSite site = integration.site();
        createMeta.invalidate(site, integration.settings().projectKey());
        IssueComposer.ComposedIssue issue = composer.compose(integration, fp,
                createMeta.createMeta(site, integration.settings().projectKey()), null);
        List<String> errors = new ArrayList<>(issue.errors());
        errors.addAll(issue.missingRequired());
        return new Preview(issue.method(), issue.path(), issue.body(), issue.warnings(), errors, issue.cuts());
    }

    /**
     * Checks the settings against Jira, stopping at the first thing that makes the rest meaningless; then warns when
     * the integration accepts unsigned webhook deliveries.
     */
    public TestResult test(String project) {
        return test(integration(project));
    }

    /** {@link #test(String)} of the given (stored or unsaved) integration. */
    public TestResult test(StoredIntegration integration) {
        List<Finding> findings = new ArrayList<>();
        againstJira(integration, findings);
        checks.forEach(check -> findings.addAll(check.check(integration)));
        if (integration.webhookSecret().isEmpty()
                && Boolean.TRUE.equals(integration.settings().allowUnsignedWebhooks())) {
            findings.add(warning("allowUnsignedWebhooks", "Webhook deliveries are accepted without a signature:"
                    + " anyone who knows the webhook URL can send them. Their content is never applied (each only"
                    + " makes jira-sync read the issue from Jira), but they spend the Jira request budget. Set a"
                    + " webhookSecret and give Jira's webhook the same secret."));
        }
        return result(findings);
    }

    private void againstJira(StoredIntegration integration, List<Finding> findings) {
        IntegrationSettings s = integration.settings();
        JiraSite site = integration.site();
        try {
            var me = jira.myself(site);
            findings.add(ok("jira.auth", "Jira accepts the credentials of " + site.principal()
                    + (me.displayName() == null ? "" : " (" + me.displayName() + ")") + "."));
            site = deployment(integration, site, findings);
        } catch (JiraException e) {
            findings.add(error("jira.auth", e.getMessage()));
            return;
        }
        try {
            jira.project(site, s.projectKey());
            findings.add(ok("projectKey", "Project " + s.projectKey() + " is visible."));
        } catch (JiraException e) {
            findings.add(error("projectKey", e.getMessage()));
            return;
        }
        createMeta.invalidate(site, s.projectKey());
        CreateMeta meta = createMeta.createMeta(site, s.projectKey());
        Optional<CreateMeta.IssueTypeFields> type = meta.issueType(s.issueType());
        if (type.isEmpty()) {
            findings.add(error("issueType", "Issue type '" + s.issueType() + "' does not exist in project "
                    + s.projectKey() + "; it has " + meta.issueTypes().stream().map(CreateMeta.IssueTypeFields::name)
                            .toList()
                    + "."));
            return;
        }
        CreateMeta.IssueTypeFields screen = type.get();
        String target = s.projectKey() + "/" + screen.name();
        Set<String> filled = new HashSet<>(Set.of("project", "issuetype"));
        onScreen(screen, "summary", "summary", true, target, filled, findings);
        onScreen(screen, s.fieldMapping().description(), "fieldMapping.description", false, target, filled, findings);
        if (!s.labels().isEmpty() || Boolean.TRUE.equals(s.markerLabel())) {
            boolean labels = onScreen(screen, s.fieldMapping().labels(), "fieldMapping.labels", false, target, filled,
                    findings);
            if (!labels && Boolean.TRUE.equals(s.markerLabel())) {
                findings.add(warning("markerLabel", "Without a labels field the marker label cannot be set: a create"
                        + " whose answer is lost could then open a second ticket."));
            }
        }
        for (int i = 0; i < s.labels().size(); i++) {
            for (String piece : s.labels().get(i).split(",")) {
                if (MarkerLabel.isReserved(piece.strip())) {
                    findings.add(warning("labels[" + i + "]", "The label '" + piece.strip() + "' will be left out:"
                            + " labels starting with '" + MarkerLabel.PREFIX + "' are reserved for the marker label"
                            + " jira-sync adds itself."));
                }
            }
        }
        FieldShaper.Target shapeTarget = IssueComposer.target(site);
        for (int i = 0; i < s.customFields().size(); i++) {
            IntegrationSettings.CustomField custom = s.customFields().get(i);
            String at = "customFields[" + i + "].field";
            Optional<CreateMeta.Field> field = screen.field(custom.field());
            if (field.isEmpty()) {
                findings.add(error(at, "Field '" + custom.field() + "' is not on the create screen of " + target + "."));
                continue;
            }
            filled.add(field.get().fieldId());
            if (!custom.value().contains("$")) {
                // A literal value can be checked now; a template only once a fingerprint fills it (see preview).
                ShapedValue shaped = shaper.shape(IssueComposer.schema(field.get()), custom.value(), shapeTarget);
                String valueAt = "customFields[" + i + "].value";
                for (String w : shaped.warnings()) {
                    findings.add(shaped.present() ? warning(valueAt, w) : error(valueAt, w));
                }
                if (!shaped.present()) {
                    continue;
                }
            }
            findings.add(ok(at, IssueComposer.describe(field.get()) + " is on the create screen of " + target + "."));
        }
        for (CreateMeta.Field field : screen.fields()) {
            if (field.required() && !field.hasDefaultValue() && !filled.contains(field.fieldId())) {
                findings.add(error("customFields", IssueComposer.describe(field) + " is required for " + target
                        + " and nothing fills it"));
            }
        }

    }

    /**
     * What serverInfo says the site is, against what is configured: a contradiction is an error naming the setting;
     * left out, the answer is kept (and used for the rest of the test).
     */
    private JiraSite deployment(StoredIntegration integration, JiraSite site, List<Finding> findings) {
        ServerInfo info = jira.serverInfo(site);
        JiraSite.Deployment actual = DeploymentDetection.of(info);
        String says = "Jira at " + site.url() + " says it is " + (actual == JiraSite.Deployment.CLOUD ? "Cloud"
                : "Server/Data Center") + " (serverInfo.deploymentType " + info.deploymentType() + ")";
        IntegrationSettings.Jira configured = integration.configured();
        if (configured.deployment() == null) {
            if (!site.viaGateway()) {
                deployments.detect(site);
            }
            int version = actual == JiraSite.Deployment.CLOUD
                    ? configured.apiVersion() == null ? 3 : configured.apiVersion()
                    : 2;
            findings.add(ok("jira.deployment", says + "; jira-sync uses REST API version " + version + "."));
            return new JiraSite(site.url(), actual, version, site.authType(), site.user(), site.secret());
        }
        if (!configured.deployment().equalsIgnoreCase(actual.name())) {
            findings.add(error("jira.deployment", "jira.deployment is " + configured.deployment() + ", but " + says
                    + ": set it to " + actual.name().toLowerCase(Locale.ROOT) + ", or leave deployment and apiVersion"
                    + " out to take them from Jira."));
        } else if (actual == JiraSite.Deployment.SERVER && site.apiVersion() != 2) {
            findings.add(error("jira.apiVersion", says + ", which has REST API version 2 only."));
        } else {
            findings.add(ok("jira.deployment", says + ", as configured."));
        }
        return site;
    }

    private static boolean onScreen(CreateMeta.IssueTypeFields screen, String name, String setting, boolean required,
            String target, Set<String> filled, List<Finding> findings) {
        Optional<CreateMeta.Field> field = screen.field(name);
        if (field.isEmpty()) {
            String sentence = "Field '" + name + "' is not on the create screen of " + target + ".";
            findings.add(required ? error(setting, sentence) : warning(setting, sentence));
            return false;
        }
        filled.add(field.get().fieldId());
        return true;
    }

    private StoredIntegration integration(String project) {
        return integrations.load(project)
                .orElseThrow(() -> new NotFoundException("No integration for project " + project + "."));
    }

    private static TestResult result(List<Finding> findings) {
        return new TestResult(findings.stream().noneMatch(f -> f.severity().equals("error")), List.copyOf(findings));
    }

    private static Finding ok(String field, String message) {
        return new Finding("ok", field, message);
    }

    private static Finding warning(String field, String message) {
        return new Finding("warning", field, message);
    }

    private static Finding error(String field, String message) {
        return new Finding("error", field, message);
    }
}
