package com.llamacloud_prod.api.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llamacloud_prod.api.client.LlamaCloudClient;
import com.llamacloud_prod.api.client.okhttp.LlamaCloudOkHttpClient;
import com.llamacloud_prod.api.core.JsonValue;
import com.llamacloud_prod.api.errors.BadRequestException;
import com.llamacloud_prod.api.errors.LlamaCloudInvalidDataException;
import com.llamacloud_prod.api.errors.LlamaCloudServiceException;
import com.llamacloud_prod.api.models.beta.chat.ChatCreateParams;
import com.llamacloud_prod.api.models.beta.chat.ChatCreateResponse;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** The Java SDK against a server on 127.0.0.1: what it sends, how it reads and retries. */
class WireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION =
            "{\"last_updated_at\":\"2026-04-22T12:34:41.342245\",\"session_id\":\"ses-abc123\","
                    + "\"generated_title\":null,\"index_ids\":[\"idx-1\"],"
                    + "\"job_metadata\":{\"duration_ms\":1.5,\"turns\":3,"
                    + "\"total_input_tokens\":\"many\"},\"brand_new\":{\"x\":1}}";

    /** One request as the server saw it. */
    static final class Seen {
        String method;
        String target;
        Map<String, List<String>> headers;
        String body;

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** A status and a body the server answers with, in order; the last one repeats. */
    static final class Reply {
        final int status;
        final String body;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final List<Reply> replies = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    Seen one = new Seen();
                    one.method = exchange.getRequestMethod();
                    one.target = exchange.getRequestURI().getRawPath();
                    String query = exchange.getRequestURI().getRawQuery();
                    if (query != null) {
                        one.target += "?" + query;
                    }
                    one.headers = exchange.getRequestHeaders();
                    one.body = read(exchange.getRequestBody());
                    seen.add(one);
                    Reply reply = replies.size() > 1 ? replies.remove(0) : replies.get(0);
                    byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(reply.status, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private LlamaCloudClient client() {
        return LlamaCloudOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("My API Key")
                .build();
    }

    private Seen only() {
        assertEquals(1, seen.size());
        return seen.peek();
    }

    @Test
    void everyParameterIsSentWhereTheSpecPutsIt() throws IOException {
        replies.add(new Reply(200, SESSION));
        ChatCreateParams params =
                ChatCreateParams.builder()
                        .organizationId("8f1b6c1e-0000-4000-8000-000000000001")
                        .projectId("p r/ø")
                        .session("s 1;x")
                        .indexIds(Arrays.asList("idx-1", "idx 2"))
                        .build();
        client().beta().chat().create(params);
        Seen one = only();
        assertEquals("POST", one.method);
        assertEquals(
                "/api/v1/chat?organization_id=8f1b6c1e-0000-4000-8000-000000000001"
                        + "&project_id=p%20r%2F%C3%B8",
                one.target);
        assertEquals("Bearer My API Key", one.header("Authorization"));
        assertEquals("session=s%201%3Bx", one.header("Cookie"));
        assertEquals("application/json", one.header("Content-Type"));
        assertEquals(
                JSON.readTree("{\"index_ids\":[\"idx-1\",\"idx 2\"]}"), JSON.readTree(one.body));
    }

    @Test
    void nullIsSentAsJsonNullAndUnsetFieldsAreNotSent() throws IOException {
        replies.add(new Reply(200, SESSION));
        List<String> none = null;
        client().beta().chat().create(ChatCreateParams.builder().indexIds(none).build());
        Seen one = only();
        assertEquals("/api/v1/chat", one.target);
        assertNull(one.header("Cookie"));
        assertEquals(JSON.readTree("{\"index_ids\":null}"), JSON.readTree(one.body));

        seen.clear();
        client().beta()
                .chat()
                .create(ChatCreateParams.builder().indexIds(Optional.empty()).build());
        assertEquals(JSON.readTree("{\"index_ids\":null}"), JSON.readTree(only().body));

        seen.clear();
        client().beta().chat().create();
        Seen bare = only();
        assertEquals("", bare.body);
        assertNull(bare.header("Content-Type"));
    }

    @Test
    void theResponseIsReadLeniently() {
        replies.add(new Reply(200, SESSION));
        ChatCreateResponse chat = client().beta().chat().create();
        assertEquals("ses-abc123", chat.sessionId());
        assertEquals("2026-04-22T12:34:41.342245", chat.lastUpdatedAt());
        assertEquals(Optional.empty(), chat.generatedTitle());
        assertTrue(chat._generatedTitle().isNull());
        assertEquals(Collections.singletonList("idx-1"), chat.indexIds().get());
        ChatCreateResponse.JobMetadata job = chat.jobMetadata().get();
        assertEquals(Optional.of(3L), job.turns());
        assertEquals(Optional.of(1.5), job.durationMs());
        assertTrue(job._error().isMissing());
        // A wrongly typed field throws only when it is read.
        assertThrows(LlamaCloudInvalidDataException.class, job::totalInputTokens);
        assertEquals(Optional.of(JsonValue.from("many")), job._totalInputTokens().asUnknown());
        assertThrows(LlamaCloudInvalidDataException.class, chat::validate);
        JsonNode extra = chat._additionalProperties().get("brand_new").node();
        assertEquals(1, extra.get("x").asInt());
        assertFalse(chat._additionalProperties().containsKey("session_id"));
        assertEquals(chat, ChatCreateResponse.fromJson(chat.toJson()));
    }

    @Test
    void aMissingRequiredFieldThrowsWhenRead() {
        replies.add(new Reply(200, "{\"last_updated_at\":\"t\"}"));
        ChatCreateResponse chat = client().beta().chat().create();
        assertThrows(LlamaCloudInvalidDataException.class, chat::sessionId);
        assertEquals("t", chat.lastUpdatedAt());
    }

    @Test
    void twoServiceUnavailableRepliesAreRetried() {
        replies.add(new Reply(503, "{}"));
        replies.add(new Reply(503, "{}"));
        replies.add(new Reply(200, SESSION));
        ChatCreateResponse chat = client().beta().chat().create();
        assertEquals("ses-abc123", chat.sessionId());
        assertEquals(3, seen.size());
        List<String> counts = new ArrayList<>();
        for (Seen one : seen) {
            counts.add(one.header("x-retry-count"));
        }
        assertEquals(Arrays.asList("0", "1", "2"), counts);
    }

    @Test
    void aBadRequestThrowsAndIsNotRetried() {
        replies.add(new Reply(400, "{\"detail\":\"bad\"}"));
        BadRequestException e =
                assertThrows(BadRequestException.class, () -> client().beta().chat().create());
        assertEquals(400, e.statusCode());
        assertEquals("{\"detail\":\"bad\"}", e.body());
        assertTrue(e instanceof LlamaCloudServiceException);
        assertEquals(1, seen.size());
    }

    @Test
    void theAsyncClientSendsTheSameRequest() throws Exception {
        replies.add(new Reply(503, "{}"));
        replies.add(new Reply(200, SESSION));
        ChatCreateResponse chat =
                client().async()
                        .beta()
                        .chat()
                        .create(ChatCreateParams.builder().projectId("p").build())
                        .get(30, TimeUnit.SECONDS);
        assertEquals("ses-abc123", chat.sessionId());
        assertEquals(2, seen.size());
        for (Seen one : seen) {
            assertEquals("/api/v1/chat?project_id=p", one.target);
            assertEquals("Bearer My API Key", one.header("Authorization"));
        }
    }
}
