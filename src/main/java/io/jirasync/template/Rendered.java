package io.jirasync.template;

import java.util.Set;

/** A rendered template and the names it used that had no value (they rendered empty). */
public record Rendered(String text, Set<String> unknown) {
}
