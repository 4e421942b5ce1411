package io.jirasync.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.jirasync.security.TokenGrant;

/**
 * The signed-in console session of the current request, filled by {@link ConsoleGuard} before any console page
 * runs. Pages read the role and projects from it, put {@link #csrfToken()} into every state-changing form (the
 * layout does it for htmx), and may prefill a form from {@link #draft()}.
 */
@RequestScoped
@Named("consoleSession")
public class ConsoleSession {

    private final ConsoleSessionService sessions;
    private ConsoleSessionService.Live live;
    private boolean draftRead;

    ConsoleSession(ConsoleSessionService sessions) {
        this.sessions = sessions;
    }

    void start(ConsoleSessionService.Live live) {
        this.live = live;
    }

    /** Whether a session is signed in (false only on the sign-in page). */
    public boolean signedIn() {
        return live != null;
    }

    /** The role of the token that signed in ({@code admin}). */
    public String role() {
        return grant().role();
    }

    /** The tracker projects the token was limited to; empty: all of them. */
    public List<String> projects() {
        return grant().projects();
    }

    /** Whether the session may see and act on this tracker project. */
    public boolean covers(String project) {
        return grant().covers(project);
    }

    /** What the signed-in token granted. */
    public TokenGrant grant() {
        if (live == null) {
            throw new IllegalStateException("no console session in this request");
        }
        return live.grant();
    }

    /** The session's CSRF token: the hidden input {@code _csrf} of a form, the header {@code X-CSRF-Token} of htmx. */
    public String csrfToken() {
        return live == null ? "" : live.csrfToken();
    }

    /**
     * What the user had typed when the session expired (form field name to value; secrets are never kept), for the
     * page that was open then; empty otherwise. Shown once: reading it forgets it.
     */
    public Map<String, String> draft() {
        if (live == null || live.draft().isEmpty()) {
            return Map.of();
        }
        if (!draftRead) {
            draftRead = true;
            sessions.draftShown(live.idHash());
        }
        return live.draft();
    }

    boolean csrfMatches(String presented) {
        return live != null && presented != null && MessageDigest.isEqual(
                live.csrfToken().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    byte[] idHash() {
        return live.idHash();
    }
}
