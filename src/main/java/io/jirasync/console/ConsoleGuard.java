package io.jirasync.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.jirasync.security.BearerTokenIdentityProvider;
import io.quarkus.security.identity.CurrentIdentityAssociation;

/**
 * Guards every console page but the sign-in page: without a live session a page view goes to sign-in (and back
 * afterwards), and a state-changing request without the session's CSRF token is refused with 403 before any
 * resource method runs, so it changes nothing. With a session the request acts with the identity of the token
 * that signed in.
 */
@Singleton
public class ConsoleGuard {

    /** The session cookie: its value is the session id, known only to the browser. */
    public static final String COOKIE = "jirasync_console";
    /** The form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    /** The header that carries it on htmx requests. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> NEVER_KEPT = Set.of("token", "secret", "password", "code");

    private final ConsoleSessionService sessions;
    private final ConsoleSession session;
    private final CurrentIdentityAssociation identity;
    private final ConsolePages pages;

    ConsoleGuard(ConsoleSessionService sessions, ConsoleSession session, CurrentIdentityAssociation identity,
            ConsolePages pages) {
        this.sessions = sessions;
        this.session = session;
        this.identity = identity;
        this.pages = pages;
    }

    @ServerRequestFilter
    public Response guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/console") || path.equals(ConsolePages.SIGN_IN)) {
            return null;
        }
        boolean safe = SAFE.contains(request.getMethod());
        Map<String, String> form = safe ? Map.of() : readForm(request);
        Cookie cookie = request.getCookies().get(COOKIE);
        Optional<ConsoleSessionService.Live> live = sessions.find(cookie == null ? null : cookie.getValue());
        if (live.isEmpty()) {
            return signInFirst(request, safe, form);
        }
        session.start(live.get());
        identity.setIdentity(BearerTokenIdentityProvider.identity(live.get().grant()));
        if (!safe && !session.csrfMatches(csrfOf(request, form))) {
            return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(pages.refused()).build();
        }
        return null;
    }

    /** A page view goes to sign-in and comes back; a form sent after expiry keeps its fields for the page. */
    private Response signInFirst(ContainerRequestContext request, boolean safe, Map<String, String> form) {
        String back = safe ? request.getUriInfo().getRequestUri().getRawPath() + query(request) : referrer(request);
        if (request.getHeaderString("HX-Request") != null) {
            return Response.status(401).header("HX-Redirect", ConsolePages.signInUrl(back)).build();
        }
        if (safe) {
            return Response.seeOther(URI.create(ConsolePages.signInUrl(back))).build();
        }
        Map<String, String> kept = new LinkedHashMap<>();
        form.forEach((name, value) -> {
            if (!name.equals(CSRF_FIELD) && !secret(name)) {
                kept.put(name, value);
            }
        });
        return Response.status(401).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(pages.signIn(back, "Your session has expired. Sign in again: what you typed is kept.", kept))
                .build();
    }

    // By the name's end, so that settings-path names (jira.auth.token, webhookSecret, jira.auth.code) count too.
    private static boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NEVER_KEPT.stream().anyMatch(lower::endsWith);
    }

    private static String csrfOf(ContainerRequestContext request, Map<String, String> form) {
        String header = request.getHeaderString(CSRF_HEADER);
        return header != null ? header : form.get(CSRF_FIELD);
    }

    /** The fields of a urlencoded form; the body stays readable for the resource method. */
    private static Map<String, String> readForm(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)) {
            return Map.of();
        }
        try {
            byte[] body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            return parseForm(new String(body, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String query(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return query == null ? "" : "?" + query;
    }

    /** The console page the form was sent from, or the console's first page. */
    private static String referrer(ContainerRequestContext request) {
        String referer = request.getHeaderString("Referer");
        try {
            URI uri = referer == null ? null : URI.create(referer);
            if (uri != null && uri.getRawPath() != null && ConsolePages.isConsolePath(uri.getRawPath())) {
                return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException e) {
            // not a URL: the console's first page
        }
        return ConsolePages.HOME;
    }
}
