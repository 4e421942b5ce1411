package io.jirasync.jira;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every failure to talk to Jira: its {@link Kind}, the HTTP status (0 when no answer came), Jira's
 * {@code errorMessages} and field {@code errors}, and the response headers. The message is written for a person.
 */
public class JiraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in the terms a caller decides on. */
    public enum Kind {
        /** Jira answered with an error status. */
        HTTP,
        /** No connection: unknown host, refused, reset, or no answer in time. */
        UNREACHABLE,
        /** The TLS handshake failed (certificate, protocol). */
        TLS,
        /** The URL is not allowed (scheme, link-local, metadata, private address). Never sent. */
        REFUSED_ADDRESS,
        /** Our own budget or Jira's {@code Retry-After} asks for a longer wait than allowed. Never sent. */
        RATE_LIMITED,
        /** The site's circuit breaker is open after repeated failures. Never sent. */
        CIRCUIT_OPEN,
        /** Jira answered 2xx with a body we cannot read. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final List<String> errorMessages;
    private final Map<String, String> errors;
    private final transient Map<String, List<String>> headers;
    private boolean unsafeToRepeat;
    private java.time.Instant quotaResetsAt;
    private boolean quotaPauseStarted;

    public JiraException(Kind kind, int status, String message, List<String> errorMessages,
            Map<String, String> errors, Map<String, List<String>> headers, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.errorMessages = errorMessages == null ? List.of() : List.copyOf(errorMessages);
        this.errors = errors == null ? Map.of() : Map.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A failure before or without an HTTP answer. */
    public static JiraException of(Kind kind, String message, Throwable cause) {
        return new JiraException(kind, 0, message, List.of(), Map.of(), Map.of(), cause);
    }

    /**
     * The site's quota is used up until {@code resetsAt}: a RATE_LIMITED failure that nothing retries before then.
     * {@code started} is true for the one answer that started the pause (every replica and task after it sees
     * the pause already there), so that the pause is announced once.
     */
    public static JiraException quota(String message, java.time.Instant resetsAt, boolean started) {
        JiraException e = of(Kind.RATE_LIMITED, message, null);
        e.quotaResetsAt = resetsAt;
        e.quotaPauseStarted = started;
        return e;
    }

    /** When the site's quota resets, for a failure because it is used up; empty for every other failure. */
    public Optional<java.time.Instant> quotaResetsAt() {
        return Optional.ofNullable(quotaResetsAt);
    }

    /** True for the failure whose answer started a quota pause of the site. */
    public boolean quotaPauseStarted() {
        return quotaPauseStarted;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when Jira never answered. */
    public int status() {
        return status;
    }

    /** Jira's {@code errorMessages}: problems not tied to a field. */
    public List<String> errorMessages() {
        return errorMessages;
    }

    /** Jira's {@code errors}: field id to message, such as {@code customfield_10001 -> "Team is required."}. */
    public Map<String, String> errors() {
        return errors;
    }

    /** Response headers as Jira sent them (names in lower case). */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a response header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * True when trying again later can succeed and cannot do something twice: 429, 5xx and I/O failures; never any
     * other 4xx, and never a create or comment that may have reached Jira (see {@link #unsafeToRepeat()}).
     */
    public boolean retryable() {
        if (unsafeToRepeat) {
            return false;
        }
        return switch (kind) {
            case HTTP -> status == 429 || status >= 500;
            case UNREACHABLE -> true;
            default -> false;
        };
    }

    /**
     * True when the request was not idempotent (create issue, add comment) and may have been carried out although
     * it failed (500, 502, 504, or the connection broke after sending): repeating it could create a duplicate, so
     * it is not retried and the caller should look for the result (for instance by JQL) before trying again.
     */
    public boolean unsafeToRepeat() {
        return unsafeToRepeat;
    }

    JiraException markUnsafeToRepeat() {
        this.unsafeToRepeat = true;
        return this;
    }

    /** True when the failure may have happened after Jira received the request. */
    boolean mayHaveReachedJira() {
        if (kind == Kind.HTTP) {
            return status == 500 || status == 502 || status == 504;
        }
        if (kind != Kind.UNREACHABLE) {
            return false;
        }
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
                return false;
            }
        }
        return true;
    }

    /** True when the failure says the site itself is in trouble (5xx, unreachable), which feeds its breaker. */
    public boolean siteFailure() {
        return (kind == Kind.HTTP && status >= 500) || kind == Kind.UNREACHABLE;
    }

    /** True when Jira refused a create or edit because of a field (its {@code errors} name fields). */
    public boolean fieldRejected() {
        return kind == Kind.HTTP && status == 400 && !errors.isEmpty();
    }
}
