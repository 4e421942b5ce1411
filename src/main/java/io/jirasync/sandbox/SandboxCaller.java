package io.jirasync.sandbox;

import jakarta.enterprise.context.RequestScoped;

/** The Jira user the sandbox's filter authenticated for this request, and the sandbox's base URL. */
@RequestScoped
public class SandboxCaller {

    private SandboxCatalog.User user;
    private String base;

    void set(SandboxCatalog.User user, String base) {
        this.user = user;
        this.base = base;
    }

    SandboxCatalog.User user() {
        return user;
    }

    String base() {
        return base;
    }
}
