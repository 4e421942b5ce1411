package io.jirasync.sandbox;

import java.util.concurrent.TimeUnit;

import io.quarkus.logging.Log;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The sandbox as a process of its own, for the reliability harness and the benchmarks: no worker, no database.
 * {@code java -cp <test class path> io.jirasync.sandbox.SandboxMain <port>}; the {@code jira-sync.sandbox.*}
 * settings come from system properties or the environment ({@code JIRA_SYNC_SANDBOX_*}); it listens on loopback.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SandboxMain <port>");
        }
        SmallRyeConfig settings = new SmallRyeConfigBuilder().addDefaultSources().withMapping(SandboxConfig.class)
                .build();
        SandboxRoutes sandbox = new SandboxRoutes(settings.getConfigMapping(SandboxConfig.class));
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        sandbox.mount(router);
        int port = vertx.createHttpServer().requestHandler(router).listen(Integer.parseInt(args[0]), "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            vertx.close();
        }, "sandbox-stop"));
        Log.infof("Sandbox listening on http://127.0.0.1:%d%s", port, SandboxRoutes.PREFIX);
    }
}
