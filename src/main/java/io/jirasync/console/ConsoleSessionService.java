package io.jirasync.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.security.Hashes;
import io.jirasync.security.Roles;
import io.jirasync.security.TokenGrant;
import io.jirasync.security.TokenRegistry;

/** Exchanges an admin token for a console session, and finds the session a cookie names. */
@ApplicationScoped
public class ConsoleSessionService {

    /** A session just opened: the id for the cookie (never stored) and its CSRF token. */
    public record Opened(String id, String csrfToken) {
    }

    /** A live session: what its token granted, its CSRF token, and what was typed before a sign-in, if anything. */
    public record Live(byte[] idHash, TokenGrant grant, String csrfToken, Map<String, String> draft) {
    }

    /** Why a token opens no session: a sentence for the sign-in page. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<LinkedHashMap<String, String>> DRAFT = new TypeReference<>() {
    };

    private final TokenRegistry tokens;
    private final ConsoleSessionRepository sessions;
    private final ConsoleConfig config;
    private final ObjectMapper json;

    ConsoleSessionService(TokenRegistry tokens, ConsoleSessionRepository sessions, ConsoleConfig config,
            ObjectMapper json) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.config = config;
        this.json = json;
    }

    /** Opens a session for an admin token, keeping {@code draft} for the page the user goes back to. */
    @Transactional
    public Opened signIn(String token, Map<String, String> draft) throws Refused {
        TokenGrant grant = tokens.grantOf(token == null ? "" : token.trim())
                .orElseThrow(() -> new Refused("That token is not one of this worker's tokens. Check it and try again."));
        if (!Roles.ADMIN.equals(grant.role())) {
            throw new Refused("That is a token with the " + grant.role()
                    + " role; the console needs an admin token (jira-sync.auth.admin-tokens).");
        }
        sessions.deleteExpired(100);
        String id = random();
        String csrf = random();
        sessions.insert(hash(id), grant.role(), String.join("|", grant.projects()), csrf,
                draft.isEmpty() ? null : write(draft), config.idleTimeout(), config.maxAge());
        return new Opened(id, csrf);
    }

    /** The live session of this cookie value, its expiry extended; empty when none is or it has expired. */
    @Transactional
    public Optional<Live> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        byte[] idHash = hash(id);
        return sessions.touch(idHash, config.idleTimeout(), config.maxAge()).map(row -> new Live(idHash,
                new TokenGrant(row.role(), row.projects().isEmpty() ? List.of() : Arrays.asList(row.projects().split("\\|"))),
                row.csrfToken(), row.draft() == null ? Map.of() : read(row.draft())));
    }

    /** Forgets the draft once the page it was kept for has shown it. */
    @Transactional
    public void draftShown(byte[] idHash) {
        sessions.clearDraft(idHash);
    }

    /** Ends the session; its cookie signs nobody in any more. */
    @Transactional
    public void signOut(byte[] idHash) {
        sessions.delete(idHash);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hash(String id) {
        return Hashes.sha256(id.getBytes(StandardCharsets.UTF_8));
    }

    private String write(Map<String, String> draft) {
        try {
            return json.writeValueAsString(draft);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private Map<String, String> read(String draft) {
        try {
            return json.readValue(draft, DRAFT);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
