package io.jirasync.console.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.jira.JiraException;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;

/**
 * A form's errors, each under the settings path of its input (a problem's {@code errors}), and the sentences that
 * belong to no single input. All of them are shown at once.
 */
public final class FormErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();
    private final List<String> general = new ArrayList<>();

    static FormErrors none() {
        return new FormErrors();
    }

    /** The errors of a refusal: a bad-input list, a problem, or Jira's answer; {@code prefix} maps probe fields. */
    static FormErrors of(RuntimeException refusal, String prefix) {
        FormErrors errors = new FormErrors();
        if (refusal instanceof InvalidInputException invalid) {
            invalid.fields().forEach(f -> errors.add(prefix + f.field(), f.message()));
        } else if (refusal instanceof ProblemException problem) {
            Problem p = problem.problem();
            if (p.errors() == null || p.errors().isEmpty()) {
                errors.general.add(p.detail());
            } else {
                p.errors().forEach(f -> errors.add(prefix + f.field(), f.message()));
            }
        } else if (refusal instanceof JiraException jira) {
            errors.general.add(jira.getMessage());
        } else {
            throw refusal;
        }
        return errors;
    }

    FormErrors add(String field, String message) {
        byField.merge(field, message, (a, b) -> a + "; " + b);
        return this;
    }

    /** Whether there is any error. */
    public boolean any() {
        return !byField.isEmpty() || !general.isEmpty();
    }

    /** The error of one input, "" when none. */
    public String of(String field) {
        return byField.getOrDefault(field, "");
    }

    /** Whether the input has an error. */
    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** Every error, "field: message" and the general sentences, for the list at the top of the form. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        byField.forEach((field, message) -> all.add(field + ": " + message));
        all.addAll(general);
        return all;
    }
}
