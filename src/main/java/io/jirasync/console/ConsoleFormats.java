package io.jirasync.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** How the console's templates show values: {@code {at.shown}} is a time in UTC to the second. */
@TemplateExtension
public final class ConsoleFormats {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private ConsoleFormats() {
    }

    /** A time in UTC to the second; empty for none. */
    static String shown(OffsetDateTime at) {
        return at == null ? "" : at.withOffsetSameInstant(ZoneOffset.UTC).format(SHOWN);
    }

    /** An instant in UTC to the second; empty for none. */
    static String shown(Instant at) {
        return at == null ? "" : at.atOffset(ZoneOffset.UTC).format(SHOWN);
    }
}
