package io.jirasync.tracing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A trace collector the test runs in-process: an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf) on a random
 * port, decoding the spans it receives with a minimal protobuf reader of the OTLP trace messages
 * (opentelemetry-proto's {@code trace.proto}: ExportTraceServiceRequest, ResourceSpans, ScopeSpans, Span, KeyValue,
 * AnyValue, Status).
 */
final class OtlpCollector implements AutoCloseable {

    /** A received span: ids in hex, attribute values as text, {@code status} 0 unset, 1 ok, 2 error. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
            Map<String, String> attributes, int status, String statusMessage) {
    }

    /** What the collector has received: the requests' paths and the decoded spans. */
    record Received(List<String> paths, List<ReceivedSpan> spans) {

        /** What the collector at {@code endpoint} has received so far. */
        static Received from(String endpoint) {
            try {
                return new ObjectMapper().readValue(URI.create(endpoint + "/received").toURL(), Received.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    OtlpCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // The test reads what arrived over HTTP too: it runs in Quarkus' class loader, the collector in JUnit's.
        server.createContext("/received", exchange -> {
            byte[] json = new ObjectMapper().writeValueAsBytes(new Received(paths(), spans()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody())
                    : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                try {
                    spans.addAll(decodeRequest(body));
                } catch (RuntimeException e) {
                    // Seen in the test's failure message rather than lost with the connection.
                    paths.add("undecodable " + body.length + " bytes: " + e);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- a protobuf reader just large enough for OTLP traces ------------------------------------------------------

    private static List<ReceivedSpan> decodeRequest(byte[] body) {
        List<ReceivedSpan> out = new ArrayList<>();
        for (Field resourceSpans : fields(body)) {
            if (resourceSpans.number == 1) {
                for (Field scopeSpans : fields(resourceSpans.bytes)) {
                    if (scopeSpans.number == 2) {
                        for (Field span : fields(scopeSpans.bytes)) {
                            if (span.number == 2) {
                                out.add(span(span.bytes));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static ReceivedSpan span(byte[] bytes) {
        String traceId = null;
        String spanId = null;
        String parent = null;
        String name = null;
        int kind = 0;
        int status = 0;
        String statusMessage = null;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = f.bytes.length == 0 ? null : HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                case 9 -> keyValue(f.bytes, attributes);
                case 15 -> {
                    for (Field s : fields(f.bytes)) {
                        if (s.number == 2) {
                            statusMessage = new String(s.bytes, StandardCharsets.UTF_8);
                        } else if (s.number == 3) {
                            status = (int) s.varint;
                        }
                    }
                }
                default -> {
                    // start and end times, events, links, flags: not asserted on
                }
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, attributes, status, statusMessage);
    }

    private static void keyValue(byte[] bytes, Map<String, String> attributes) {
        String key = null;
        String value = null;
        for (Field f : fields(bytes)) {
            if (f.number == 1) {
                key = new String(f.bytes, StandardCharsets.UTF_8);
            } else if (f.number == 2) {
                value = anyValue(f.bytes);
            }
        }
        attributes.put(key, value);
    }

    private static String anyValue(byte[] bytes) {
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> {
                    return new String(f.bytes, StandardCharsets.UTF_8);
                }
                case 2 -> {
                    return Boolean.toString(f.varint != 0);
                }
                case 3 -> {
                    return Long.toString(f.varint);
                }
                case 4 -> {
                    return Double.toString(Double.longBitsToDouble(f.fixed));
                }
                default -> {
                    return new String(f.bytes == null ? new byte[0] : f.bytes, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /** One field of a message: its number and, by wire type, its varint, fixed value or bytes. */
    private record Field(int number, long varint, long fixed, byte[] bytes) {
    }

    private static List<Field> fields(byte[] message) {
        List<Field> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        while (in.available() > 0) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> out.add(new Field(number, varint(in), 0, null));
                case 1 -> out.add(new Field(number, 0, fixed(in, 8), null));
                case 2 -> out.add(new Field(number, 0, 0, bytes(in, (int) varint(in))));
                case 5 -> out.add(new Field(number, 0, fixed(in, 4), null));
                default -> throw new IllegalArgumentException("Unsupported protobuf wire type in tag " + tag);
            }
        }
        return out;
    }

    private static byte[] bytes(ByteArrayInputStream in, int n) {
        byte[] out = new byte[n];
        if (in.read(out, 0, n) != n && n > 0) {
            throw new IllegalArgumentException("Truncated protobuf message");
        }
        return out;
    }

    private static long varint(ByteArrayInputStream in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("Malformed varint");
    }

    private static long fixed(ByteArrayInputStream in, int size) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(in, size)).order(ByteOrder.LITTLE_ENDIAN);
        return size == 8 ? buffer.getLong() : buffer.getInt() & 0xffffffffL;
    }
}
