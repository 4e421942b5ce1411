package io.jirasync.sandbox;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jirasync.sandbox.SandboxCatalog.Ref;

/**
 * The part of JQL the worker sends: clauses on project, key, labels, status, statusCategory, resolution,
 * assignee, issuetype, fixVersion, component, summary, created/updated and custom fields, with AND, OR, NOT,
 * parentheses, IN, EMPTY and ORDER BY. Dates are read in UTC, which is every sandbox user's time zone.
 */
final class Jql {

    /** A query Jira would refuse, with the message Jira gives. */
    static final class JqlException extends Exception {
        private static final long serialVersionUID = 1L;

        JqlException(String message) {
            super(message, null, false, false);
        }
    }

    /** A parsed query: a filter and an order. */
    record Query(Predicate<SandboxIssue> filter, Comparator<SandboxIssue> order) {
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')|(!=|>=|<=|!~|=|>|<|~|\\(|\\)|,)|([\\w.\\-:/\\[\\]@+*]+))");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter MINUTE_SLASH = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final DateTimeFormatter DAY_SLASH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private record Token(String text, boolean quoted, int position) {
        boolean is(String word) {
            return !quoted && text.equalsIgnoreCase(word);
        }
    }

    private final SandboxCatalog catalog;
    private final boolean cloud;
    private final SandboxCatalog.User caller;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    private Jql(SandboxCatalog catalog, boolean cloud, SandboxCatalog.User caller) {
        this.catalog = catalog;
        this.cloud = cloud;
        this.caller = caller;
    }

    static Query parse(String jql, SandboxCatalog catalog, boolean cloud, SandboxCatalog.User caller)
            throws JqlException {
        Jql parser = new Jql(catalog, cloud, caller);
        parser.tokenize(jql == null ? "" : jql);
        Predicate<SandboxIssue> filter = issue -> true;
        if (!parser.atEnd() && !parser.peek().is("ORDER")) {
            filter = parser.or();
        }
        Comparator<SandboxIssue> order = Comparator.comparingLong(i -> -Long.parseLong(i.id));
        if (!parser.atEnd()) {
            order = parser.orderBy();
        }
        if (!parser.atEnd()) {
            throw parser.expecting("end of query");
        }
        return new Query(filter, order);
    }

    private void tokenize(String jql) throws JqlException {
        Matcher matcher = TOKEN.matcher(jql);
        int at = 0;
        while (at < jql.length()) {
            if (jql.substring(at).isBlank()) {
                break;
            }
            if (!matcher.find(at) || matcher.start() != at) {
                throw new JqlException("Error in the JQL Query: The character '" + jql.charAt(at)
                        + "' is a reserved JQL character. You must enclose it in a string or use the escape '\\u"
                        + String.format("%04x", (int) jql.charAt(at)) + "' instead. (line 1, character " + (at + 1) + ")");
            }
            if (matcher.group(1) != null) {
                String quoted = matcher.group(1);
                tokens.add(new Token(quoted.substring(1, quoted.length() - 1).replaceAll("\\\\(.)", "$1"), true,
                        matcher.start(1)));
            } else {
                String text = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                tokens.add(new Token(text, false, matcher.start(matcher.group(2) != null ? 2 : 3)));
            }
            at = matcher.end();
        }
    }

    private boolean atEnd() {
        return next >= tokens.size();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take(String what) throws JqlException {
        if (atEnd()) {
            throw expecting(what);
        }
        return tokens.get(next++);
    }

    private JqlException expecting(String what) {
        if (atEnd()) {
            return new JqlException("Error in the JQL Query: Expecting " + what + " but reached the end of the query.");
        }
        Token token = peek();
        return new JqlException("Error in the JQL Query: Expecting " + what + " but got '" + token.text()
                + "'. (line 1, character " + (token.position() + 1) + ")");
    }

    private Predicate<SandboxIssue> or() throws JqlException {
        Predicate<SandboxIssue> left = and();
        while (!atEnd() && peek().is("OR")) {
            next++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<SandboxIssue> and() throws JqlException {
        Predicate<SandboxIssue> left = not();
        while (!atEnd() && peek().is("AND")) {
            next++;
            left = left.and(not());
        }
        return left;
    }

    private Predicate<SandboxIssue> not() throws JqlException {
        if (!atEnd() && peek().is("NOT")) {
            next++;
            return not().negate();
        }
        if (!atEnd() && peek().is("(")) {
            next++;
            Predicate<SandboxIssue> inner = or();
            if (!take("')'").is(")")) {
                next--;
                throw expecting("')'");
            }
            return inner;
        }
        return clause();
    }

    private Predicate<SandboxIssue> clause() throws JqlException {
        Token fieldToken = take("a field name");
        if (fieldToken.is("(") || fieldToken.is(")") || fieldToken.is(",")) {
            next--;
            throw expecting("a field name");
        }
        String field = fieldName(fieldToken);
        String operator = operator();
        switch (operator) {
            case "in", "not in" -> {
                List<String> values = list();
                Predicate<SandboxIssue> in = issue -> values.stream().anyMatch(v -> matches(field, issue, v));
                return operator.equals("in") ? in : in.negate();
            }
            case "is", "is not" -> {
                Token value = take("EMPTY or NULL");
                if (!value.is("EMPTY") && !value.is("NULL")) {
                    next--;
                    throw expecting("EMPTY or NULL");
                }
                Predicate<SandboxIssue> empty = issue -> values(field, issue).isEmpty();
                return operator.equals("is") ? empty : empty.negate();
            }
            default -> {
                String value = value();
                if (isDateField(field) && !operator.equals("~")) {
                    OffsetDateTime at = date(value);
                    return issue -> compareDates(operator, dateOf(field, issue), at);
                }
                return switch (operator) {
                    case "=" -> value.equalsIgnoreCase("EMPTY") ? issue -> values(field, issue).isEmpty()
                            : issue -> matches(field, issue, value);
                    case "!=" -> issue -> !matches(field, issue, value);
                    case "~" -> issue -> values(field, issue).stream()
                            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)));
                    case "!~" -> issue -> values(field, issue).stream()
                            .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)));
                    default -> throw new JqlException("Error in the JQL Query: The operator '" + operator
                            + "' is not supported by the '" + fieldToken.text() + "' field.");
                };
            }
        }
    }

    private String fieldName(Token token) throws JqlException {
        String name = token.text().toLowerCase(Locale.ROOT);
        String field = switch (name) {
            case "project", "labels", "status", "statuscategory", "resolution", "assignee", "reporter", "summary",
                    "created", "updated", "resolutiondate", "priority" ->
                name;
            case "key", "issuekey", "id" -> "key";
            case "issuetype", "type" -> "issuetype";
            case "fixversion" -> "fixVersions";
            case "component" -> "components";
            case "createddate" -> "created";
            case "updateddate" -> "updated";
            default -> customField(token.text());
        };
        if (field == null) {
            throw new JqlException("Field '" + token.text() + "' does not exist or you do not have permission to view it.");
        }
        return field;
    }

    private String customField(String text) {
        Matcher cf = Pattern.compile("(?i)cf\\[(\\d+)]|customfield_(\\d+)").matcher(text);
        if (cf.matches()) {
            String id = "customfield_" + (cf.group(1) != null ? cf.group(1) : cf.group(2));
            return catalog.field(id).map(SandboxCatalog.Field::id).orElse(null);
        }
        return catalog.fields.stream().filter(f -> f.isCustom() && f.name().equalsIgnoreCase(text))
                .map(SandboxCatalog.Field::id).findFirst().orElse(null);
    }

    private String operator() throws JqlException {
        Token token = take("operator");
        String op = token.text().toLowerCase(Locale.ROOT);
        if (token.quoted()) {
            next--;
            throw expecting("operator");
        }
        if (op.equals("not")) {
            if (!atEnd() && peek().is("IN")) {
                next++;
                return "not in";
            }
            next--;
            throw expecting("operator");
        }
        if (op.equals("is")) {
            if (!atEnd() && peek().is("NOT")) {
                next++;
                return "is not";
            }
            return "is";
        }
        if (List.of("=", "!=", ">", ">=", "<", "<=", "~", "!~", "in").contains(op)) {
            return op;
        }
        next--;
        throw expecting("operator");
    }

    private String value() throws JqlException {
        Token token = take("a value");
        if (!token.quoted() && (token.is("(") || token.is(")") || token.is(",") || token.is("AND") || token.is("OR"))) {
            next--;
            throw expecting("either a value, 'EMPTY' or a function");
        }
        if (!token.quoted() && !atEnd() && peek().is("(")) {
            next++;
            if (!take("')'").is(")")) {
                next--;
                throw expecting("')'");
            }
            return function(token.text());
        }
        return token.text();
    }

    private String function(String name) throws JqlException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "currentuser" -> caller.accountId();
            case "now" -> MINUTE.format(OffsetDateTime.now(ZoneOffset.UTC));
            case "startofday" -> LocalDate.now(ZoneOffset.UTC) + " 00:00";
            default -> throw new JqlException("Error in the JQL Query: Unable to find JQL function '" + name + "()'.");
        };
    }

    private List<String> list() throws JqlException {
        if (!take("'('").is("(")) {
            next--;
            throw expecting("'('");
        }
        List<String> values = new ArrayList<>();
        values.add(value());
        while (!atEnd() && peek().is(",")) {
            next++;
            values.add(value());
        }
        if (!take("')'").is(")")) {
            next--;
            throw expecting("')'");
        }
        return values;
    }

    private Comparator<SandboxIssue> orderBy() throws JqlException {
        if (!take("ORDER").is("ORDER") || !take("BY").is("BY")) {
            next--;
            throw expecting("ORDER BY");
        }
        Comparator<SandboxIssue> order = null;
        do {
            if (order != null) {
                next++;
            }
            String field = fieldName(take("a field name"));
            Comparator<SandboxIssue> one = switch (field) {
                case "key" -> Comparator.comparingLong(i -> Long.parseLong(i.id));
                case "created", "updated", "resolutiondate" -> Comparator.comparing(i -> dateOf(field, i),
                        Comparator.nullsFirst(Comparator.naturalOrder()));
                default -> Comparator.comparing(i -> String.join(",", values(field, i)));
            };
            if (!atEnd() && (peek().is("DESC") || peek().is("ASC"))) {
                if (take("ASC or DESC").is("DESC")) {
                    one = one.reversed();
                }
            }
            order = order == null ? one : order.thenComparing(one);
        } while (!atEnd() && peek().is(","));
        return order;
    }

    private static boolean isDateField(String field) {
        return field.equals("created") || field.equals("updated") || field.equals("resolutiondate")
                || field.equals("customfield_10014") || field.equals("duedate");
    }

    private static OffsetDateTime dateOf(String field, SandboxIssue issue) {
        return switch (field) {
            case "created" -> issue.created;
            case "updated" -> issue.updated;
            case "resolutiondate" -> issue.resolutionDate;
            default -> {
                Object value = issue.values.get(field);
                yield value == null ? null : LocalDate.parse((String) value).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
        };
    }

    private static boolean compareDates(String operator, OffsetDateTime actual, OffsetDateTime wanted) {
        if (actual == null) {
            return false;
        }
        // JQL compares to the minute.
        OffsetDateTime minute = actual.withSecond(0).withNano(0);
        int c = minute.compareTo(wanted);
        return switch (operator) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
        };
    }

    private static OffsetDateTime date(String value) throws JqlException {
        Matcher relative = Pattern.compile("([-+]?)(\\d+)([mhdw])").matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
            Duration unit = switch (relative.group(3)) {
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return OffsetDateTime.now(ZoneOffset.UTC).plus(unit.multipliedBy(amount)).withSecond(0).withNano(0);
        }
        for (DateTimeFormatter format : List.of(MINUTE, MINUTE_SLASH)) {
            try {
                return LocalDateTime.parse(value, format).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // try the next format Jira accepts
            }
        }
        for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_LOCAL_DATE, DAY_SLASH)) {
            try {
                return LocalDate.parse(value, format).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // try the next format Jira accepts
            }
        }
        throw new JqlException("Date value '" + value + "' for field is invalid. Valid formats include: "
                + "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
    }

    private boolean matches(String field, SandboxIssue issue, String value) {
        if (field.equals("resolution") && value.equalsIgnoreCase("Unresolved")) {
            return values(field, issue).isEmpty();
        }
        return values(field, issue).stream().anyMatch(v -> v.equalsIgnoreCase(value));
    }

    /** Every string a clause value may name this issue's field by (id, key, name). */
    private List<String> values(String field, SandboxIssue issue) {
        List<String> out = new ArrayList<>();
        switch (field) {
            case "project" -> out.addAll(List.of(issue.project.key(), issue.project.id(), issue.project.name()));
            case "key" -> out.addAll(List.of(issue.key, issue.id));
            case "issuetype" -> out.addAll(List.of(issue.issueType.name(), issue.issueType.id()));
            case "status" -> catalog.status(issue.statusId).ifPresent(s -> out.addAll(List.of(s.name(), s.id())));
            case "statuscategory" -> catalog.status(issue.statusId).ifPresent(s -> out.addAll(List.of(s.categoryKey(),
                    switch (s.categoryKey()) {
                        case "new" -> "To Do";
                        case "indeterminate" -> "In Progress";
                        default -> "Done";
                    })));
            case "summary" -> addValue(out, issue.values.get("summary"));
            default -> addValue(out, issue.values.get(field));
        }
        return out;
    }

    private void addValue(List<String> out, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            items.forEach(item -> addValue(out, item));
        } else if (value instanceof Ref ref) {
            out.add(ref.name());
            out.add(ref.id());
        } else if (value instanceof SandboxCatalog.User user) {
            out.add(user.accountId());
            if (!cloud) {
                out.add(user.name());
            }
            if (user.emailVisible() || !cloud) {
                out.add(user.email());
            }
        } else if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
            out.add(node.isTextual() || node.isNumber() ? node.asText() : RichText.toWiki(node));
        } else {
            out.add(value.toString());
        }
    }
}
