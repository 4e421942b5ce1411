package io.jirasync.console;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Signing in with an admin token (exchanged for a session cookie) and signing out. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleSignInResource {

    /** The prefix of the sign-in form's hidden fields that carry what was typed before the session expired. */
    static final String KEPT = "kept.";

    private final ConsoleSessionService sessions;
    private final ConsoleSession session;
    private final ConsolePages pages;

    ConsoleSignInResource(ConsoleSessionService sessions, ConsoleSession session, ConsolePages pages) {
        this.sessions = sessions;
        this.session = session;
        this.pages = pages;
    }

    @Operation(hidden = true)
    @GET
    @Path("/sign-in")
    public String signInPage(@QueryParam("next") String next) {
        return pages.signIn(next, null, Map.of());
    }

    /** The token comes in the form's body, never in a URL; a wrong one shows the page again with a message. */
    @Operation(hidden = true)
    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(MultivaluedMap<String, String> form, HttpHeaders headers, @Context UriInfo uri) {
        String next = ConsolePages.safeNext(form.getFirst("next"));
        Map<String, String> kept = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith(KEPT) && !values.isEmpty()) {
                kept.put(name.substring(KEPT.length()), values.get(0));
            }
        });
        try {
            ConsoleSessionService.Opened opened = sessions.signIn(form.getFirst("token"), kept);
            return Response.seeOther(URI.create(next)).cookie(cookie(opened.id(), secure(headers, uri), -1)).build();
        } catch (ConsoleSessionService.Refused refused) {
            return Response.status(401).entity(pages.signIn(next, refused.getMessage(), kept)).build();
        }
    }

    /** Ends the session (a form with the CSRF token, like every change) and forgets the cookie. */
    @Operation(hidden = true)
    @POST
    @Path("/sign-out")
    public Response signOut(HttpHeaders headers, @Context UriInfo uri) {
        sessions.signOut(session.idHash());
        return Response.seeOther(URI.create(ConsolePages.SIGN_IN)).cookie(cookie("", secure(headers, uri), 0)).build();
    }

    /** Secure behind TLS: the request came over https, or a proxy that ended TLS says so. */
    private static boolean secure(HttpHeaders headers, UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
    }

    private static NewCookie cookie(String value, boolean secure, int maxAge) {
        return new NewCookie.Builder(ConsoleGuard.COOKIE).value(value).path(ConsolePages.HOME).httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
