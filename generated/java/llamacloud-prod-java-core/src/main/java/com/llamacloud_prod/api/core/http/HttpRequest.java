package com.llamacloud_prod.api.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One attempt's request: everything the SDK decided, ready for an {@link HttpClient}. */
public final class HttpRequest {
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final String contentType;
    private final Duration timeout;

    public HttpRequest(
            String method,
            String url,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            String contentType,
            Duration timeout) {
        this.method = method;
        this.url = url;
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        this.body = body;
        this.contentType = contentType;
        this.timeout = timeout;
    }

    public String method() {
        return method;
    }

    /** The whole URL, path and query already percent-encoded. */
    public String url() {
        return url;
    }

    /** Header lines in order, without the body's content type. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body's bytes, or null when the request has no body. */
    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The same request with one more header (each attempt's retry count). */
    public HttpRequest withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
        return new HttpRequest(method, url, more, body, contentType, timeout);
    }

    public boolean hasHeader(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
