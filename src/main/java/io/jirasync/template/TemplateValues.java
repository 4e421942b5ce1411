package io.jirasync.template;

import java.util.Optional;

/** Where a template's names get their values: built-ins first, then the fingerprint's attributes. */
@FunctionalInterface
public interface TemplateValues {

    /** The value of {@code name}, or empty when the fingerprint has none. */
    Optional<String> value(String name);
}
