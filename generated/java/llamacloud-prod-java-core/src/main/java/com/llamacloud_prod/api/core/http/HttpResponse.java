package com.llamacloud_prod.api.core.http;

import com.llamacloud_prod.api.errors.LlamaCloudIoException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response: status, headers (names matched case-insensitively) and the body as it arrives. Close
 * it when done with the body ({@link #bytes()} and {@link #text()} read it whole and close it).
 */
public final class HttpResponse implements AutoCloseable {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Closeable resource;
    private byte[] bytes;

    /** {@code resource} (may be null) is closed with the response. */
    public HttpResponse(
            int statusCode,
            Map<String, List<String>> headers,
            InputStream body,
            Closeable resource) {
        this.statusCode = statusCode;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
        this.resource = resource;
    }

    public HttpResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {
        this(statusCode, headers, new ByteArrayInputStream(body), null);
        this.bytes = body;
    }

    public int statusCode() {
        return statusCode;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as it arrives from the server. */
    public InputStream body() {
        return body;
    }

    /** The whole body (read on the first call, then kept); the response is closed. */
    public synchronized byte[] bytes() {
        if (bytes == null) {
            try (HttpResponse closing = this) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
                bytes = out.toByteArray();
            } catch (IOException e) {
                throw new LlamaCloudIoException("reading the response body failed", e);
            }
        }
        return bytes;
    }

    /** The whole body as UTF-8 text; the response is closed. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            body.close();
            if (resource != null) {
                resource.close();
            }
        } catch (IOException ignored) {
            // Nothing is left to read: a failing close loses no data.
        }
    }
}
