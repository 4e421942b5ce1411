package io.jirasync.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.jirasync.integration.FieldDecisions.Part;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.TemplateEngine;
import io.jirasync.template.TextLimit;

/** The composer's per-field decisions on a made-up create screen: the values sent, the warnings, the errors. */
class FieldDecisionsUnitTest {

    private static final String MARKER = "jira-sync-0123456789abcdef0123";

    private static CreateMeta.Field field(String id, String name, boolean required, boolean hasDefault, String type,
            String items, String system, List<JsonNode> allowed) {
        return new CreateMeta.Field(id, name, required, hasDefault,
                new CreateMeta.Schema(type, items, system, null, null), allowed, List.of("set"));
    }

    private static List<JsonNode> allowed(String... values) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String value : values) {
            nodes.add(JsonNodeFactory.instance.objectNode().put("id", value.toLowerCase()).put("value", value));
        }
        return nodes;
    }

    private static FieldDecisions on(CreateMeta.Field... fields) {
        Map<String, String> values = Map.of("title", "NPE in Cart", "hostname", "web-2", "severity", "high", "team",
                "x,y", "host", "one two", "planted", "jira-sync-00000000000000000000");
        return new FieldDecisions(new TemplateEngine(), new FieldShaper(),
                new CreateMeta.IssueTypeFields("10001", "Bug", false, List.of(fields)),
                name -> Optional.ofNullable(values.get(name)),
                new FieldShaper.Target(true, text -> Map.of("adf", text), TextLimit.Measure.PLAIN), "OPS/Bug");
    }

    private static final CreateMeta.Field SUMMARY = field("summary", "Summary", true, false, "string", null, "summary",
            null);
    private static final CreateMeta.Field DESCRIPTION = field("description", "Description", false, false, "string",
            null, "description", null);
    private static final CreateMeta.Field LABELS = field("labels", "Labels", false, false, "array", "string", "labels",
            null);
    private static final CreateMeta.Field SEVERITY = field("customfield_10010", "Severity", true, false, "option", null,
            null, allowed("High", "Low"));
    private static final CreateMeta.Field TEAM = field("customfield_10001", "Team", true, false, "string", null, null,
            null);

    @Test
    void summaryIsRenderedOnOneLineAndNamesWhatHadNoValue() {
        Part part = on(SUMMARY).summary("[$environment] $title\nat $hostname");
        assertEquals(Map.of("summary", "[] NPE in Cart at web-2"), part.fields());
        assertEquals(List.of("'$environment' has no value for this fingerprint, so it renders empty in the summary"),
                part.warnings());
        assertEquals(List.of(), part.errors());
    }

    @Test
    void aScreenWithoutSummaryCannotBeSentButOneWithoutDescriptionCan() {
        assertEquals(Part.error("The summary field 'summary' is not on the create screen of OPS/Bug"),
                on(DESCRIPTION).summary("$title"));
        assertEquals(Part.warning("The description field 'Notes' is not on the create screen of OPS/Bug; the"
                + " description is left out"), on(DESCRIPTION).description("Notes", "Seen on $hostname"));
    }

    @Test
    void descriptionGoesThroughTheSitesRichTextAndMayBeRenamed() {
        assertEquals(Map.of("description", Map.of("adf", "Seen on web-2")),
                on(DESCRIPTION).description("Description", "Seen on $hostname").fields());
    }

    @Test
    void labelsDropBlanksLoseSpacesAndEndWithTheMarker() {
        Part part = on(LABELS).labels("labels", List.of("jira-sync", "host $hostname", "$region"), MARKER);
        assertEquals(Map.of("labels", List.of("jira-sync", "host_web-2", MARKER)), part.fields());
        assertEquals(List.of("'$region' has no value for this fingerprint, so it renders empty in a label"),
                part.warnings());
    }

    @Test
    void labelTemplatesSplitBeforeRenderingSoAValuesCommaStaysInsideItsLabel() {
        Part part = on(LABELS).labels("labels", List.of("a,team-$team", "$host,b"), MARKER);
        assertEquals(Map.of("labels", List.of("a", "team-x,y", "one_two", "b", MARKER)), part.fields());
    }

    @Test
    void noTemplateCanProduceAMarkerLabel() {
        Part part = on(LABELS).labels("labels", List.of("jira-sync", "$planted", "Jira-Sync-abc"), MARKER);
        assertEquals(Map.of("labels", List.of("jira-sync", MARKER)), part.fields());
        assertEquals(List.of("The label 'jira-sync-00000000000000000000' is left out: labels starting with"
                + " 'jira-sync-' are reserved for the marker label jira-sync adds itself",
                "The label 'Jira-Sync-abc' is left out: labels starting with 'jira-sync-' are reserved for the"
                        + " marker label jira-sync adds itself"),
                part.warnings());
    }

    @Test
    void aLabelsCustomFieldIsSplitBeforeRenderingToo() {
        CreateMeta.Field tags = new CreateMeta.Field("customfield_10018", "Tags", false, false,
                new CreateMeta.Schema("array", "string", null, "com.atlassian.jira.plugin.system.customfieldtypes:labels",
                        null),
                null, List.of("set"));
        assertEquals(Map.of("customfield_10018", List.of("team-x,y", "b")),
                on(tags).customField(new IntegrationSettings.CustomField("Tags", "team-$team,b,$planted")).fields());
        assertEquals(List.of("The label 'jira-sync-00000000000000000000' is left out: labels starting with"
                + " 'jira-sync-' are reserved for the marker label jira-sync adds itself",
                "Field 'Tags' (customfield_10018) renders empty, so it is left out"),
                on(tags).customField(new IntegrationSettings.CustomField("Tags", "$planted")).warnings());
    }

    @Test
    void missingLabelsFieldWarnsLouderWhenTheMarkerIsLost() {
        assertEquals(List.of("The labels field 'labels' is not on the create screen of OPS/Bug; without the marker"
                + " label a create whose answer is lost cannot be matched to its ticket (set fieldMapping.labels or"
                + " markerLabel false)"), on(SUMMARY).labels("labels", List.of("jira-sync"), MARKER).warnings());
        assertEquals(List.of("The labels field 'labels' is not on the create screen of OPS/Bug; labels are left out"),
                on(SUMMARY).labels("labels", List.of("jira-sync"), null).warnings());
        assertEquals(Part.NONE, on(SUMMARY).labels("labels", List.of(" "), null), "nothing to send, nothing to say");
    }

    @Test
    void customFieldsAreFoundByNameAndShapedByTheirSchema() {
        assertEquals(Map.of("customfield_10010", Map.of("value", "High")),
                on(SEVERITY).customField(new IntegrationSettings.CustomField("severity", "$severity")).fields());
        assertEquals(Part.error("Field 'Component' is not on the create screen of OPS/Bug"),
                on(SEVERITY).customField(new IntegrationSettings.CustomField("Component", "api")));
    }

    @Test
    void aValueThatCannotBeShapedStopsTheSendOnlyForARequiredField() {
        var medium = new IntegrationSettings.CustomField("Severity", "Medium");
        String refusal = "Field 'Severity' (customfield_10010) does not allow 'Medium'; allowed: 'High', 'Low'";
        assertEquals(Part.error(refusal), on(SEVERITY).customField(medium));
        CreateMeta.Field optional = field("customfield_10010", "Severity", false, false, "option", null, null,
                allowed("High", "Low"));
        assertEquals(Part.warning(refusal), on(optional).customField(medium));
    }

    @Test
    void requiredFieldsWithoutDefaultThatNothingFillsAreNamed() {
        CreateMeta.Field withDefault = field("priority", "Priority", true, true, "priority", null, "priority", null);
        assertEquals(List.of("Field 'Team' (customfield_10001) is required for OPS/Bug and nothing fills it"),
                on(SUMMARY, TEAM, withDefault, SEVERITY).missingRequired(Set.of("summary", "customfield_10010")));
    }

    @Test
    void joinKeepsTheOrderAndALaterValueForTheSameFieldWins() {
        Part joined = Part.join(List.of(Part.value("summary", "first"), Part.warning("w1"), Part.value("labels", "x"),
                Part.error("e1"), Part.value("summary", "second").after(List.of("w2"))));
        assertEquals(List.of("summary", "labels"), List.copyOf(joined.fields().keySet()));
        assertEquals("second", joined.fields().get("summary"));
        assertEquals(List.of("w1", "w2"), joined.warnings());
        assertEquals(List.of("e1"), joined.errors());
    }
}
