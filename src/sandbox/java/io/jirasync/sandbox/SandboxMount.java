package io.jirasync.sandbox;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** Serves the sandbox on the Quarkus app's own HTTP server (tests, demo build) when {@code jira-sync.sandbox.enabled}. */
@ApplicationScoped
public class SandboxMount {

    private final SandboxConfig config;
    private SandboxRoutes routes;

    SandboxMount(SandboxConfig config) {
        this.config = config;
    }

    // Off means not mounted at all: every sandbox path is the app's ordinary 404.
    void mount(@Observes Router router) {
        if (config.enabled()) {
            routes = new SandboxRoutes(config);
            routes.mount(router);
        }
    }

    @PreDestroy
    void stop() {
        if (routes != null) {
            routes.close();
        }
    }
}
