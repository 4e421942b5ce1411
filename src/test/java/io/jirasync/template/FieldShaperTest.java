package io.jirasync.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.template.FieldSchema.AllowedValue;

class FieldShaperTest {

    private final FieldShaper shaper = new FieldShaper();
    private final FieldShaper.Target cloud = new FieldShaper.Target(true, text -> Map.of("adf", text), TextLimit.Measure.PLAIN);
    private final FieldShaper.Target server = new FieldShaper.Target(false, text -> text, TextLimit.Measure.PLAIN);

    private static FieldSchema select(String type, String items) {
        return new FieldSchema("customfield_10010", "Severity", false, false, type, items, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:select",
                List.of(new AllowedValue("1", "High", null), new AllowedValue("2", "Low", null)));
    }

    @Test
    void optionTakesTheAllowedSpellingOrIsRejectedWithTheChoices() {
        assertEquals(Map.of("value", "High"), shaper.shape(select("option", null), "high", cloud).value());
        ShapedValue bad = shaper.shape(select("option", null), "Urgent", cloud);
        assertNull(bad.value());
        assertEquals("Field 'Severity' (customfield_10010) does not allow 'Urgent'; allowed: 'High', 'Low'",
                bad.warnings().get(0));
    }

    @Test
    void arraysSplitOnCommas() {
        assertEquals(List.of(Map.of("value", "High"), Map.of("value", "Low")),
                shaper.shape(select("array", "option"), "High, low", cloud).value());
        FieldSchema components = FieldSchema.of("components", "Components", "array", "component", "components", null);
        assertEquals(List.of(Map.of("name", "backend"), Map.of("name", "api")),
                shaper.shape(components, "backend,api", cloud).value());
    }

    @Test
    void labelsLoseTheirSpaces() {
        FieldSchema labels = FieldSchema.of("labels", "Labels", "array", "string", "labels", null);
        assertEquals(List.of("web_2", "checkout_service"), shaper.shape(labels, "web 2, checkout  service", cloud).value());
    }

    @Test
    void usersAreAccountIdsOnCloudAndNamesOnServer() {
        FieldSchema user = FieldSchema.of("customfield_10020", "Owner", "user", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:userpicker");
        assertEquals(Map.of("accountId", "5b10ac8d"), shaper.shape(user, "5b10ac8d", cloud).value());
        assertEquals(Map.of("name", "jdoe"), shaper.shape(user, "jdoe", server).value());
    }

    @Test
    void numbersAndDatesAreCheckedNotGuessed() {
        FieldSchema number = FieldSchema.of("customfield_10030", "Events", "number", null, null, "x:float");
        assertEquals(new BigDecimal("42"), shaper.shape(number, "42", cloud).value());
        ShapedValue text = shaper.shape(number, "many", cloud);
        assertFalse(text.present());
        assertTrue(text.warnings().get(0).contains("needs a number"), text.warnings().get(0));
        FieldSchema date = FieldSchema.of("duedate", "Due date", "date", null, "duedate", null);
        assertEquals("2026-11-27", shaper.shape(date, "2026-11-27T10:00:00Z", cloud).value());
        assertFalse(shaper.shape(date, "tomorrow", cloud).present());
        FieldSchema datetime = FieldSchema.of("customfield_10040", "Seen", "datetime", null, null, "x:datetime");
        assertEquals("2026-11-27T10:00:00.000+0000", shaper.shape(datetime, "2026-11-27T10:00:00Z", cloud).value());
    }

    @Test
    void richTextGoesThroughTheTargetsFormatAndSummaryStaysOneLine() {
        FieldSchema description = FieldSchema.of("description", "Description", "string", null, "description", null);
        assertEquals(Map.of("adf", "line one\nline two"), shaper.shape(description, "line one\nline two\n", cloud).value());
        assertEquals("line one\nline two", shaper.shape(description, "line one\nline two", server).value());
        FieldSchema summary = FieldSchema.of("summary", "Summary", "string", null, "summary", null);
        assertEquals("a b", shaper.shape(summary, "a\n b", cloud).value());
    }

    @Test
    void emptyValueIsReportedNotSent() {
        FieldSchema env = FieldSchema.of("environment", "Environment", "string", null, "environment", null);
        ShapedValue empty = shaper.shape(env, "  ", cloud);
        assertFalse(empty.present());
        assertEquals("Field 'Environment' (environment) renders empty, so it is left out", empty.warnings().get(0));
    }

    @Test
    void aListKeepsTheValuesItCanShapeAndNamesTheOthers() {
        ShapedValue mixed = shaper.shape(select("array", "option"), "high, urgent", cloud);
        assertEquals(List.of(Map.of("value", "High")), mixed.value());
        assertEquals(List.of("Field 'Severity' (customfield_10010) does not allow 'urgent'; allowed: 'High', 'Low'"),
                mixed.warnings());
        assertFalse(shaper.shape(select("array", "option"), "urgent, ,", cloud).present(), "no value left to send");
        FieldSchema labels = FieldSchema.of("labels", "Labels", "array", "string", "labels", null);
        assertEquals(List.of("web_2"), shaper.shape(labels, "web 2, web  2", cloud).value(), "duplicates dropped");
    }

    @Test
    void versionsTakeTheReleasedNameAndUnfillableTypesAreRejected() {
        FieldSchema versions = new FieldSchema("fixVersions", "Fix versions", false, false, "array", "version",
                "fixVersions", null, List.of(new AllowedValue("10", null, "2.3.0")));
        assertEquals(List.of(Map.of("name", "2.3.0")), shaper.shape(versions, "2.3.0", cloud).value());
        assertFalse(shaper.shape(versions, "9.9.9", cloud).present());
        FieldSchema any = FieldSchema.of("customfield_10050", "Sprint", "any", null, null, "x:gh-sprint");
        assertEquals(List.of("Field 'Sprint' (customfield_10050) has the type 'any', which jira-sync cannot fill from"
                + " a template"), shaper.shape(any, "Sprint 4", cloud).warnings());
    }

    @Test
    void aLongSummaryIsCutToWhatJiraTakes() {
        FieldSchema summary = FieldSchema.of("summary", "Summary", "string", null, "summary", null);
        String cut = (String) shaper.shape(summary, "x".repeat(300), cloud).value();
        assertEquals(255, cut.length());
        assertTrue(cut.endsWith("…"));
        assertEquals("x".repeat(255), shaper.shape(summary, "x".repeat(255), cloud).value());
    }
}
