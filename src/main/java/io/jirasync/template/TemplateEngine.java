package io.jirasync.template;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Renders the integration's templates: {@code $name} (a letter or underscore, then letters, digits, underscores) or
 * {@code ${name}} (any
 * characters but {@code }}) is replaced by the value of {@code name}; {@code $$} is a literal {@code $}; a
 * {@code $} followed by anything else stays as it is. A name without a value renders empty and is reported.
 */
@ApplicationScoped
public class TemplateEngine {

    /** Renders {@code template} with {@code values}. */
    public Rendered render(String template, TemplateValues values) {
        if (template == null || template.isEmpty()) {
            return new Rendered("", Set.of());
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        Set<String> unknown = new LinkedHashSet<>();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            String name;
            int end;
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            } else if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0 || close == i + 2) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close).trim();
                end = close + 1;
            } else if (next == '_' || Character.isLetter(next) && next < 128) {
                end = i + 1;
                while (end < n && isNameChar(template.charAt(end))) {
                    end++;
                }
                name = template.substring(i + 1, end);
            } else {
                out.append(c);
                i++;
                continue;
            }
            values.value(name).ifPresentOrElse(out::append, () -> unknown.add(name));
            i = end;
        }
        return new Rendered(out.toString(), unknown);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
