package io.jirasync.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;

import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.RoutingContext;

/** A valid token that may not do what it asked, with the sentence that says which role or project it lacks. */
public class AccessDenied extends ForbiddenException {

    private static final long serialVersionUID = 1L;

    private AccessDenied(String sentence) {
        super(sentence);
    }

    /**
     * The sentence for a refusal by the role check ({@code @RolesAllowed}), which names nothing itself: the
     * caller's role and the roles of the endpoint. Empty when either is unknown.
     */
    public static Optional<String> ofRoleCheck(ResourceInfo resource, RoutingContext request) {
        RolesAllowed allowed = resource.getResourceMethod() == null ? null
                : Optional.ofNullable(resource.getResourceMethod().getAnnotation(RolesAllowed.class))
                        .orElse(resource.getResourceClass().getAnnotation(RolesAllowed.class));
        if (allowed == null) {
            return Optional.empty();
        }
        return TokenGrant.of(request).map(grant -> roleSentence(grant, Arrays.asList(allowed.value()),
                request.request().method().name() + " " + request.request().path()));
    }

    /** The token's role is not among those the endpoint allows: which ones are, least first, and their settings. */
    private static String roleSentence(TokenGrant grant, List<String> allowed, String request) {
        List<String> needed = Roles.ALL.stream().filter(allowed::contains).toList();
        return "This token has the " + grant.role() + " role; " + request + " needs the " + String.join(" or ", needed)
                + " role (" + needed.stream().map(TokenEntry::setting).collect(Collectors.joining(" or ")) + ").";
    }

    /** The token is scoped to other tracker projects. */
    static AccessDenied project(TokenGrant grant, String project) {
        return new AccessDenied("This token is scoped to " + scope(grant) + "; not to " + project + ".");
    }

    /** The endpoint is not about one tracker project, and a scoped token may use only its projects' endpoints. */
    static AccessDenied noProject(TokenGrant grant, String request) {
        return new AccessDenied("This token is scoped to " + scope(grant) + "; " + request + " is not about one"
                + " project and needs a token without a scope.");
    }

    private static String scope(TokenGrant grant) {
        return String.join(", ", grant.projects());
    }
}
