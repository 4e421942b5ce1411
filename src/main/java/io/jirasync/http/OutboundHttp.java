package io.jirasync.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Every outbound HTTP request of the worker (Jira, tracker callbacks): one Vert.x client that connects to the
 * address a {@link Destination} was checked at (no second name resolution), while the URL's host stays in the
 * {@code Host} header, SNI and the certificate check. Redirects are not followed, bodies are not decompressed, and
 * an answer is read up to a size cap. Blocking; call it from a worker thread.
 */
@ApplicationScoped
public class OutboundHttp {

    /** One request: method, full URL (of the destination's origin), headers, body (null for none) and limits. */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration connectTimeout,
            Duration readTimeout, long maxBodyBytes) {
    }

    /** An answer: status, headers (names in lower case) and the whole body. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, by its lower-case name. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No complete answer: the connection failed, broke, timed out or TLS failed; the cause says which. */
    public static class IoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IoFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The answer's body is larger than the request allowed; nothing of it is returned. */
    public static class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final long limit;

        TooLarge(int status, long limit) {
            super("the answer (HTTP " + status + ") is larger than " + limit + " bytes");
            this.status = status;
            this.limit = limit;
        }

        public int status() {
            return status;
        }

        public long limit() {
            return limit;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;

    OutboundHttp(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(50)
                .setVerifyHost(true)
                .setDecompressionSupported(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Sends the request to the destination's address and waits for the whole answer. */
    public Response send(Destination to, Request request) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("OutboundHttp blocks; it must not be called on an event loop");
        }
        RequestOptions options = options(to, request);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        // On one event-loop context, each step runs as soon as the previous one completes: the response's handlers
        // are set before any of its body is delivered (a step scheduled for later could miss a short answer).
        vertx.getOrCreateContext().runOnContext(start -> client.request(options)
                .compose(r -> {
                    sent.set(r);
                    return request.body() == null ? r.send() : r.send(Buffer.buffer(request.body()));
                })
                .compose(response -> read(response, request.maxBodyBytes()))
                .onSuccess(answer::complete)
                .onFailure(answer::completeExceptionally));
        return await(answer, sent, request.connectTimeout().plus(request.readTimeout()));
    }

    // Connect and read timeouts each bound a phase; together they bound the whole exchange, however slowly it trickles.
    private static Response await(CompletableFuture<Response> answer, AtomicReference<HttpClientRequest> sent,
            Duration deadline) {
        try {
            return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TooLarge tooLarge) {
                throw tooLarge;
            }
            throw new IoFailure(describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            reset(sent.get());
            throw new IoFailure("no complete answer within " + deadline.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            reset(sent.get());
            Thread.currentThread().interrupt();
            throw new IoFailure("interrupted while waiting for the answer", e);
        }
    }

    /** The Vert.x request: to the destination's address, for the URL's host (Host header, SNI, certificate). */
    static RequestOptions options(Destination to, Request request) {
        URI uri = request.uri();
        URI origin = to.url();
        if (!Objects.equals(scheme(uri), scheme(origin)) || !uri.getHost().equalsIgnoreCase(origin.getHost())
                || port(uri) != port(origin)) {
            throw new IllegalArgumentException("The request does not go to the checked destination");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setSsl("https".equals(scheme(uri)))
                .setHost(bare(uri.getHost()))
                .setPort(port(uri))
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                // The checked address, not the host name: no second resolution can answer differently.
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(to.address(), port(uri))))
                .setFollowRedirects(false)
                .setConnectTimeout(request.connectTimeout().toMillis())
                .setIdleTimeout(request.readTimeout().toMillis());
        request.headers().forEach(options::putHeader);
        return options;
    }

    private static Future<Response> read(HttpClientResponse response, long maxBytes) {
        String length = response.getHeader("content-length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > maxBytes) {
            response.request().reset();
            return Future.failedFuture(new TooLarge(response.statusCode(), maxBytes));
        }
        Promise<Response> whole = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                if (whole.tryFail(new TooLarge(response.statusCode(), maxBytes))) {
                    response.request().reset();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(whole::tryFail);
        response.endHandler(end -> whole.tryComplete(new Response(response.statusCode(), headers(response),
                body.getBytes())));
        return whole.future();
    }

    private static Map<String, List<String>> headers(HttpClientResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().names().forEach(name -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(response.headers().getAll(name))));
        return headers;
    }

    private static void reset(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme(uri)) ? 443 : 80;
    }

    private static String bare(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
