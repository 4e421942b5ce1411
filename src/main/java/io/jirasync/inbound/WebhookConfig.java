package io.jirasync.inbound;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the Jira webhook receiver. */
@ConfigMapping(prefix = "jira-sync.webhook")
public interface WebhookConfig {

    /** Largest delivery accepted, in bytes; larger ones get 413 (Jira's biggest issue payloads are a few hundred KB). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** The flood guard: requests per period, per integration and per client address, on each replica. */
    RateLimit rateLimit();

    /**
     * A token bucket per integration and per client address: up to the limit at once, refilled evenly over the
     * period; beyond it 429 with {@code Retry-After}. The defaults are far above what one replica stores per second,
     * so that only a flood meets them; 0 switches a limit off.
     */
    interface RateLimit {

        /** Deliveries to one integration per period (all clients together), counted once the signature is checked. */
        @WithDefault("2000")
        int perIntegration();

        /** Requests from one client address per period, whatever they ask for (unknown projects, bad signatures). */
        @WithDefault("2000")
        int perClient();

        /** The period of both limits. */
        @WithDefault("1s")
        Duration period();

        /**
         * Client addresses (and integrations) whose allowance one replica keeps track of; beyond it the least
         * recently seen are forgotten and start again with a full allowance.
         */
        @WithDefault("10000")
        int maxClients();
    }
}
