package io.jirasync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The whole sandbox, built by hand from its configuration (no CDI), so that a Quarkus app and the stand-alone
 * {@link SandboxMain} serve the same thing: every Jira and {@code _control} route under {@code /sandbox/jira}.
 */
public final class SandboxRoutes implements AutoCloseable {

    /** Where the sandbox answers, in a Quarkus app and stand-alone alike. */
    public static final String PREFIX = "/sandbox/jira";

    private final SandboxConfig config;
    private final WebhookDispatcher webhooks;
    private final SandboxService service;
    private final SandboxControl control;

    public SandboxRoutes(SandboxConfig config) {
        this.config = config;
        this.webhooks = new WebhookDispatcher(config);
        this.service = new SandboxService(webhooks);
        this.control = new SandboxControl(config);
    }

    /** Mounts every sandbox route on {@code router}. */
    public void mount(Router router) {
        // Off: no file uploads, so no upload directory appears wherever the process runs.
        router.route(PREFIX + "/*").handler(BodyHandler.create(false));
        SandboxAtlassianAuth atlassian = new SandboxAtlassianAuth(service);
        SandboxGate gate = new SandboxGate(config, control, service, atlassian);
        new SandboxJiraRoutes(service, new ObjectMapper()).mount(router, PREFIX, gate);
        // Atlassian's API gateway in front of the same routes, its token endpoint and tenant_info.
        new SandboxJiraRoutes(service, new ObjectMapper()).mount(router, PREFIX + "/ex/jira/:cloudId", gate);
        atlassian.mount(router, PREFIX);
        new SandboxWebhookRegistry(service, webhooks).mount(router, PREFIX, gate);
        new SandboxControlRoutes(control, service, webhooks).mount(router, PREFIX);
        Log.infof("Embedded Jira sandbox (%s) at %s: basic auth as jira-sync@example.com with the configured "
                + "jira-sync.sandbox.api-token, control at %s/_control", config.flavour(), PREFIX, PREFIX);
    }

    /** Stops retrying webhook deliveries. */
    @Override
    public void close() {
        webhooks.stop();
    }
}
