package io.jirasync.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.integration.IntegrationSettings.Tracker;

/**
 * What a tracker block needs per kind, checked after defaults and after the secrets were merged with the stored
 * ones (so a secret left out of a PUT counts as present when one is stored). Every problem is named at once.
 */
final class TrackerRules {

    /** Kinds whose connector calls the tracker's API, so they need its token. */
    private static final Set<String> WITH_API = Set.of("sentry", "glitchtip", "bugsnag", "rollbar");
    /** Kinds whose API paths name the organization (Sentry's and GlitchTip's organization slug). */
    private static final Set<String> WITH_ORGANIZATION = Set.of("sentry", "glitchtip");
    /** Kinds whose API paths name the tracker's project (Bugsnag's project id). */
    private static final Set<String> WITH_PROJECT = Set.of("bugsnag");

    private TrackerRules() {
    }

    static List<InvalidInputException.Field> problems(Tracker t, boolean secret, boolean token, boolean webhookSecret) {
        List<InvalidInputException.Field> errors = new ArrayList<>();
        String kind = t.kindOrGeneric();
        if (Tracker.GENERIC.equals(kind)) {
            if (t.callbackUrl() == null && secret) {
                errors.add(field("tracker.callbackUrl", "is required when a tracker secret is set"));
            }
            onlyForConnectors(errors, "tracker.url", t.url() != null);
            onlyForConnectors(errors, "tracker.organization", t.organization() != null);
            onlyForConnectors(errors, "tracker.project", t.project() != null);
            onlyForConnectors(errors, "tracker.token", token);
            onlyForConnectors(errors, "tracker.webhookSecret", webhookSecret);
            return errors;
        }
        if (t.callbackUrl() != null) {
            errors.add(field("tracker.callbackUrl", "is only for kind generic; kind " + kind + " calls the tracker's API"));
        }
        if (secret) {
            errors.add(field("tracker.secret", "is only for kind generic; kind " + kind + " uses tracker.webhookSecret"));
        }
        if (t.url() == null) {
            errors.add(field("tracker.url", "required for kind " + kind + " (the tracker's base URL)"));
        }
        if (WITH_ORGANIZATION.contains(kind) && t.organization() == null) {
            errors.add(field("tracker.organization", "required for kind " + kind + " (the organization slug)"));
        }
        if (WITH_PROJECT.contains(kind) && t.project() == null) {
            errors.add(field("tracker.project", "required for kind " + kind + " (the tracker's project id)"));
        }
        if (WITH_API.contains(kind) && !token) {
            errors.add(field("tracker.token", "required for kind " + kind + " (an API token of the tracker)"));
        }
        if (!webhookSecret) {
            errors.add(field("tracker.webhookSecret", "required for kind " + kind
                    + " (the secret its webhooks are authenticated with)"));
        }
        return errors;
    }

    private static void onlyForConnectors(List<InvalidInputException.Field> errors, String name, boolean present) {
        if (present) {
            errors.add(field(name, "is only for a tracker connector (kind sentry, glitchtip, bugsnag, rollbar or"
                    + " backtrace); kind generic uses callbackUrl and secret"));
        }
    }

    private static InvalidInputException.Field field(String name, String message) {
        return new InvalidInputException.Field(name, message);
    }
}
