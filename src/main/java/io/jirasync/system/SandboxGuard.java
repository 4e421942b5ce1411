package io.jirasync.system;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/** Refuses to start a build told to serve the Jira sandbox when the sandbox is not in it (the production build). */
@Singleton
public class SandboxGuard {

    /** What a production build says when asked for the sandbox. */
    public static final String REFUSAL = "jira-sync.sandbox.enabled=true, but this build carries no Jira sandbox: the"
            + " sandbox ships only in the demo build (mvn package -Pdemo) and the tests; remove the setting";
    // By name only: the worker never imports the sandbox (src/docs/decisions/0005).
    private static final String SANDBOX_CLASS = "io/jirasync/sandbox/SandboxRoutes.class";

    private final boolean wanted;

    SandboxGuard(@ConfigProperty(name = "jira-sync.sandbox.enabled", defaultValue = "false") boolean wanted) {
        this.wanted = wanted;
    }

    // Before the other start-up checks: a missing sandbox is the one thing to fix first.
    void check(@Observes @Priority(0) StartupEvent event) {
        if (wanted && Thread.currentThread().getContextClassLoader().getResource(SANDBOX_CLASS) == null) {
            throw new IllegalStateException(REFUSAL);
        }
    }
}
