package io.jirasync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JksOptions;

/**
 * A request connected to the checked address (here 127.0.0.1) still speaks TLS to the URL's host: SNI and the
 * certificate check use the name, so the pinned address neither breaks verification nor bypasses it.
 */
class OutboundHttpTlsUnitTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void httpsServerWithACertificateForJiraTest() throws Exception {
        Path keystore = dir.resolve("jira-test.jks");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "jira", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=jira.test", "-ext", "SAN=dns:jira.test", "-keystore", keystore.toString(),
                "-storetype", "JKS", "-storepass", PASSWORD, "-keypass", PASSWORD).inheritIO().start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
        assertTrue(Files.size(keystore) > 0);

        vertx = Vertx.vertx();
        JksOptions store = new JksOptions().setPath(keystore.toString()).setPassword(PASSWORD);
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(store))
                .requestHandler(request -> request.response().end("{\"sni\": \""
                        + request.connection().indicatedServerName() + "\", \"host\": \"" + request.getHeader("Host") + "\"}"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // The worker's client trusts the JVM's CAs; this one trusts the test certificate instead, nothing else differs.
        client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setTrustOptions(store));
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static String get(String url) throws Exception {
        OutboundHttp.Request request = new OutboundHttp.Request("GET", URI.create(url), Map.of(), null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1024);
        Destination pinned = new Destination(URI.create(url), InetAddress.getByName("127.0.0.1"));
        return client.request(OutboundHttp.options(pinned, request)).compose(r -> r.send())
                .compose(r -> r.body()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .toString();
    }

    @Test
    void theCertificateOfTheUrlsHostIsCheckedAndItsNameSentAsSni() throws Exception {
        int port = server.actualPort();
        assertEquals("{\"sni\": \"jira.test\", \"host\": \"jira.test:" + port + "\"}",
                get("https://jira.test:" + port + "/rest/api/3/myself"));
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get("https://other.test:" + server.actualPort() + "/rest/api/3/myself"));
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof SSLException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof SSLException, "not refused by the certificate check: " + e.getCause());
    }
}
