package io.jirasync.sandbox;

import io.vertx.ext.web.RoutingContext;

/** One admitted call of the sandbox's Jira API: REST version, authenticated user, parameters and body. */
final class SandboxRequest {

    private final RoutingContext context;
    private final Call call;

    SandboxRequest(RoutingContext context, Call call) {
        this.context = context;
        this.call = call;
    }

    Call call() {
        return call;
    }

    SandboxCatalog.User user() {
        return call.caller();
    }

    int version() {
        return call.version();
    }

    String path(String name) {
        return context.pathParam(name);
    }

    String query(String name) {
        return context.queryParams().get(name);
    }

    /** An integer query parameter; as JAX-RS did, one that is not a number makes the resource not found. */
    int query(String name, int byDefault) {
        String value = query(name);
        try {
            return value == null ? byDefault : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw JiraError.of(404, "Query parameter '" + name + "' is not a number.");
        }
    }

    /** The request body as text; null when there is none. */
    String body() {
        return context.body() == null ? null : context.body().asString();
    }
}
