package io.jirasync.jira;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Puts values into JQL safely. Every value the worker writes into a query goes through {@link #quote(String)}:
 * quoted, it can contain spaces, quotes, backslashes, reserved words ({@code AND}, {@code EMPTY}, {@code order})
 * and reserved characters without changing the query's meaning.
 */
public final class Jql {

    private Jql() {
    }

    /** A JQL string literal: {@code "..."} with backslash, double quote, tab and line breaks escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        // JQL has no escape for other control characters; they carry no meaning in a search.
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A list for {@code IN}: {@code ("a", "b")}. */
    public static String quoteAll(Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("JQL IN needs at least one value");
        }
        return values.stream().map(Jql::quote).collect(Collectors.joining(", ", "(", ")"));
    }
}
