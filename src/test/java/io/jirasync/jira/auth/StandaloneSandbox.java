package io.jirasync.jira.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.jirasync.SandboxProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the sandbox as a process of its own on a free port before the worker starts, so that the worker settings
 * {@code jira-sync.jira.atlassian-api-url} and {@code atlassian-auth-url} can name it.
 */
public class StandaloneSandbox implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private Process process;

    @Override
    public Map<String, String> start() {
        port = freePort();
        try {
            Path log = Path.of("target", "atlassian-sandbox.log");
            Files.createDirectories(log.getParent());
            process = SandboxProcess.start(port, Map.of(), log);
            awaitUp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sandbox = "http://localhost:" + port + "/sandbox/jira";
        return Map.of("jira-sync.jira.atlassian-api-url", sandbox, "jira-sync.jira.atlassian-auth-url", sandbox);
    }

    private static void awaitUp() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/sandbox/jira/_control")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("the sandbox did not start on port " + port);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
