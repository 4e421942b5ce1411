package io.jirasync.integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.RichText;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.template.FieldSchema;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.TemplateEngine;
import io.jirasync.template.TemplateValues;
import io.jirasync.template.TextLimit;

/**
 * Builds the create request of a fingerprint's ticket from the integration's settings and Jira's create metadata:
 * renders every template, resolves fields by id or name, shapes each value by its schema, adds the marker label,
 * and checks that every required field is filled. Preview, test and the create task all use it, so what the
 * admin previews is what is sent.
 */
@ApplicationScoped
public class IssueComposer {

    /**
     * The request that would be sent, with warnings, errors that stop it being sent (a field that cannot be found
     * or filled: sending would drop the value silently), required fields that nothing fills (still sent, since
     * the cached metadata may be older than Jira's screens: Jira has the last word), and the fields whose text was
     * cut to Jira's limits (sent cut, each with a warning).
     */
    public record ComposedIssue(String method, String path, IssueFields body, List<String> warnings,
            List<String> errors, List<String> missingRequired, List<TextLimit.Cut> cuts) {

        /** Whether Jira can be asked to create this. */
        public boolean sendable() {
            return errors.isEmpty();
        }
    }

    private final TemplateEngine templates;
    private final FieldShaper shaper;
    private final FingerprintService fingerprints;

    IssueComposer(TemplateEngine templates, FieldShaper shaper, FingerprintService fingerprints) {
        this.templates = templates;
        this.shaper = shaper;
        this.fingerprints = fingerprints;
    }

    /** Composes the create request; {@code extraDescription} is appended (for example a note about an older ticket). */
    public ComposedIssue compose(StoredIntegration integration, FingerprintView fp, CreateMeta meta,
            String extraDescription) {
        IntegrationSettings s = integration.settings();
        String path = "/rest/api/" + s.jira().apiVersion() + "/issue";
        Optional<CreateMeta.IssueTypeFields> type = meta.issueType(s.issueType());
        if (type.isEmpty()) {
            return new ComposedIssue("POST", path, IssueFields.of(Map.of()), List.of(), List.of(noSuchType(s, meta)),
                    List.of(), List.of());
        }
        FieldDecisions decide = decisions(integration, fp, type.get());
        List<FieldDecisions.Part> parts = new ArrayList<>();
        parts.add(FieldDecisions.Part.value("project", Map.of("key", s.projectKey())));
        parts.add(FieldDecisions.Part.value("issuetype", Map.of("id", type.get().id())));
        parts.add(decide.summary(s.summary()));
        parts.add(decide.description(s.fieldMapping().description(),
                s.description() + (extraDescription == null ? "" : "\n\n" + extraDescription)));
        parts.add(decide.labels(s.fieldMapping().labels(), s.labels(), Boolean.TRUE.equals(s.markerLabel())
                ? MarkerLabel.of(integration.project(), fp.fingerprint())
                : null));
        s.customFields().forEach(custom -> parts.add(decide.customField(custom)));
        FieldDecisions.Part all = FieldDecisions.Part.join(parts);
        return new ComposedIssue("POST", path, IssueFields.of(all.fields()), all.warnings(), all.errors(),
                decide.missingRequired(all.fields().keySet()), all.cuts());
    }

    private static String noSuchType(IntegrationSettings s, CreateMeta meta) {
        return "Issue type '" + s.issueType() + "' does not exist in project " + s.projectKey() + " (it has: "
                + meta.issueTypes().stream().map(CreateMeta.IssueTypeFields::name).collect(Collectors.joining(", "))
                + ")";
    }

    private FieldDecisions decisions(StoredIntegration integration, FingerprintView fp,
            CreateMeta.IssueTypeFields screen) {
        IntegrationSettings s = integration.settings();
        return new FieldDecisions(templates, shaper, screen, values(fp), target(integration.site()),
                s.projectKey() + "/" + s.issueType());
    }

    /**
     * How {@code site} wants users and rich text, and how Jira there counts a rich text's length against its limit
     * (the ADF's visible text on v3, the wiki markup on v2); a cut text's note is a paragraph of its own.
     */
    public static FieldShaper.Target target(JiraSite site) {
        return new FieldShaper.Target(site.cloud(), text -> RichText.forSite(site, text),
                new TextLimit.Measure(text -> RichText.length(site, text), RichText::closeBlocks, "\n\n"));
    }

    /** Built-ins first, then the most frequent value of the attribute (ties: the most recently seen). */
    TemplateValues values(FingerprintView fp) {
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("title", fp.title());
        builtIns.put("fingerprint", fp.fingerprint());
        builtIns.put("count", Long.toString(fp.count()));
        builtIns.put("first_seen", iso(fp.firstSeen()));
        builtIns.put("last_seen", iso(fp.lastSeen()));
        builtIns.put("link", fp.link());
        builtIns.put("project", fp.project());
        return name -> builtIns.containsKey(name) ? Optional.ofNullable(builtIns.get(name))
                : fingerprints.mostFrequentValue(fp.project(), fp.fingerprint(), name);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String describe(CreateMeta.Field field) {
        return field.name() == null || field.name().equals(field.fieldId()) ? "Field '" + field.fieldId() + "'"
                : "Field '" + field.name() + "' (" + field.fieldId() + ")";
    }

    /** The create-metadata field in the shaper's terms. */
    static FieldSchema schema(CreateMeta.Field field) {
        CreateMeta.Schema s = field.schema();
        List<FieldSchema.AllowedValue> allowed = field.allowedValues() == null ? List.of()
                : field.allowedValues().stream().map(IssueComposer::allowed).toList();
        return new FieldSchema(field.fieldId(), field.name(), field.required(), field.hasDefaultValue(),
                s == null ? null : s.type(), s == null ? null : s.items(), s == null ? null : s.system(),
                s == null ? null : s.custom(), allowed);
    }

    private static FieldSchema.AllowedValue allowed(JsonNode v) {
        return new FieldSchema.AllowedValue(v.path("id").asText(null), v.path("value").asText(null),
                v.path("name").asText(null));
    }
}
