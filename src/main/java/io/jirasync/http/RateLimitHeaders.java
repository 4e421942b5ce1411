package io.jirasync.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a rate-limited (or nearly limited) answer says, read once from every header family Jira Cloud sends:
 * {@code Retry-After}, {@code X-RateLimit-Limit/Remaining/Reset/NearLimit}, {@code RateLimit-Reason}, and the
 * {@code RateLimit} and {@code RateLimit-Policy} fields of the IETF draft ({@code "tenant-app-quota";r=0;t=2788},
 * {@code "tenant-app-quota";q=100100;w=3600}). Each is also read with the {@code Beta-} (and {@code X-Beta-})
 * prefix Atlassian sends while the names are in beta; the name without a prefix wins. Retry-After is read by
 * {@link RetryAfter}, the one reading of that header.
 *
 * @param reason {@code RateLimit-Reason}, such as {@code jira-quota-global-based}; null when absent
 * @param retryAt {@code Retry-After} as an instant
 * @param resetAt {@code X-RateLimit-Reset} (ISO 8601, or epoch seconds)
 * @param limit {@code X-RateLimit-Limit}, or -1
 * @param remaining {@code X-RateLimit-Remaining}, or -1
 * @param nearLimit {@code X-RateLimit-NearLimit: true}
 * @param states the {@code RateLimit} field's items (remaining and seconds until reset per policy)
 * @param policies the {@code RateLimit-Policy} field's items (quota and window per policy)
 */
public record RateLimitHeaders(String reason, Optional<Instant> retryAt, Optional<Instant> resetAt, long limit,
        long remaining, boolean nearLimit, List<State> states, List<Policy> policies) {

    /** Which of Jira's limits refused a request, from {@code RateLimit-Reason}. */
    public enum Scope {
        /** {@code jira-burst-based}, or no reason: the site's per-second limit. The site waits. */
        BURST,
        /** {@code jira-quota-global-based}, {@code jira-quota-tenant-based}: the site's quota; paused until reset. */
        QUOTA,
        /** {@code jira-per-issue-on-write}: writes to one issue. That issue waits. */
        PER_ISSUE
    }

    /** One item of the {@code RateLimit} field: remaining units and seconds until the policy's window resets. */
    public record State(String policy, long remaining, long resetSeconds) {
    }

    /** One item of the {@code RateLimit-Policy} field: quota units per window of {@code windowSeconds}. */
    public record Policy(String policy, long quota, long windowSeconds) {
    }

    /** Reads the answer's headers; {@code header} gives a header's first value by its lower-case name, or null. */
    public static RateLimitHeaders read(Function<String, String> header, Instant now) {
        return new RateLimitHeaders(
                trimmed(first(header, "ratelimit-reason", "beta-ratelimit-reason", "x-beta-ratelimit-reason",
                        "x-ratelimit-reason")),
                RetryAfter.at(first(header, "retry-after", "beta-retry-after"), now),
                reset(first(header, "x-ratelimit-reset", "x-beta-ratelimit-reset")),
                number(first(header, "x-ratelimit-limit", "x-beta-ratelimit-limit")),
                number(first(header, "x-ratelimit-remaining", "x-beta-ratelimit-remaining")),
                "true".equalsIgnoreCase(trimmed(first(header, "x-ratelimit-nearlimit", "x-beta-ratelimit-nearlimit"))),
                items(first(header, "ratelimit", "beta-ratelimit")).stream()
                        .map(i -> new State(i.name(), i.number("r"), i.number("t"))).toList(),
                items(first(header, "ratelimit-policy", "beta-ratelimit-policy")).stream()
                        .map(i -> new Policy(i.name(), i.number("q"), i.number("w"))).toList());
    }

    /** Reads headers as the HTTP client gives them: names in lower case, each with its values. */
    public static RateLimitHeaders read(Map<String, List<String>> headers, Instant now) {
        return read(name -> {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }, now);
    }

    /** Which limit refused the request. */
    public Scope scope() {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.startsWith("jira-quota")) {
            return Scope.QUOTA;
        }
        return r.equals("jira-per-issue-on-write") ? Scope.PER_ISSUE : Scope.BURST;
    }

    /**
     * When the refused request may be made again: {@code Retry-After}; else the reset of a {@code RateLimit} item
     * with nothing remaining; else {@code X-RateLimit-Reset}; else, for a quota, the end of its policy's longest
     * window counted from now (the worst case). Empty when nothing says.
     */
    public Optional<Instant> until(Instant now) {
        if (retryAt.isPresent()) {
            return retryAt;
        }
        Optional<Instant> exhausted = states.stream().filter(s -> s.remaining() == 0 && s.resetSeconds() >= 0)
                .map(s -> now.plusSeconds(s.resetSeconds())).max(Instant::compareTo);
        if (exhausted.isPresent()) {
            return exhausted;
        }
        if (resetAt.isPresent()) {
            return resetAt;
        }
        return scope() != Scope.QUOTA ? Optional.empty()
                : policies.stream().filter(p -> p.windowSeconds() > 0).map(p -> now.plusSeconds(p.windowSeconds()))
                        .max(Instant::compareTo);
    }

    /** The value of the first of the names (the final name first, then its beta names) that is present. */
    private static String first(Function<String, String> header, String... names) {
        for (String name : names) {
            String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    // ISO 8601 with or without seconds (Atlassian documents yyyy-MM-ddTHH:mmZ), or epoch seconds.
    private static Optional<Instant> reset(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            return Optional.of(v.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(v))
                    : OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeException | ArithmeticException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** One list member of a structured field: its (quoted) name and its {@code key=number} parameters. */
    private record Item(String name, Map<String, String> parameters) {
        long number(String key) {
            return RateLimitHeaders.number(parameters.get(key));
        }
    }

    // RFC 8941 lists as the draft uses them: members split by ",", parameters by ";". Malformed parts are skipped.
    private static List<Item> items(String field) {
        List<Item> items = new ArrayList<>();
        if (field == null) {
            return items;
        }
        for (String member : field.split(",")) {
            String[] parts = member.trim().split(";");
            if (parts.length == 0) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    parameters.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT),
                            parts[i].substring(eq + 1).trim());
                }
            }
            String name = parts[0].trim().replace("\"", "");
            if (!name.isEmpty() || !parameters.isEmpty()) {
                items.add(new Item(name, parameters));
            }
        }
        return items;
    }
}
