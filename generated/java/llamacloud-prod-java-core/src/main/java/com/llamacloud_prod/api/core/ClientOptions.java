package com.llamacloud_prod.api.core;

import com.llamacloud_prod.api.core.http.HttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What every call of a client shares: transport, base URL, credentials, headers and policy. */
public final class ClientOptions {
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient httpClient;
    private final String baseUrl;
    private final String apiKey;
    private final Map<String, String> credentials;
    private final List<Map.Entry<String, String>> headers;
    private final List<Map.Entry<String, String>> queryParams;
    private final int maxRetries;
    private final Duration timeout;

    private ClientOptions(Builder b) {
        this.httpClient = Objects.requireNonNull(b.httpClient, "httpClient");
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.credentials = Collections.unmodifiableMap(new LinkedHashMap<>(b.credentials));
        this.headers = Collections.unmodifiableList(new ArrayList<>(b.headers));
        this.queryParams = Collections.unmodifiableList(new ArrayList<>(b.queryParams));
        this.maxRetries = b.maxRetries;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The primary scheme's credential, or null when none is configured (then none is sent). */
    public String apiKey() {
        return apiKey;
    }

    /** The other security schemes' credentials, by scheme name. */
    public Map<String, String> credentials() {
        return credentials;
    }

    public String primaryScheme() {
        return ClientDefaults.PRIMARY_SCHEME;
    }

    public Map<String, AuthScheme> schemes() {
        return ClientDefaults.SCHEMES;
    }

    public String userAgent() {
        return ClientDefaults.USER_AGENT;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public List<Map.Entry<String, String>> queryParams() {
        return queryParams;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration timeout() {
        return timeout;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.httpClient = httpClient;
        b.baseUrl = baseUrl;
        b.apiKey = apiKey;
        b.credentials.putAll(credentials);
        b.headers.addAll(headers);
        b.queryParams.addAll(queryParams);
        b.maxRetries = maxRetries;
        b.timeout = timeout;
        return b;
    }

    public static final class Builder {
        private HttpClient httpClient;
        private String baseUrl = ClientDefaults.BASE_URL;
        private String apiKey;
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private final List<Map.Entry<String, String>> queryParams = new ArrayList<>();
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {}

        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The credential of the security scheme {@code scheme} (its name in the API document). */
        public Builder credential(String scheme, String value) {
            if (scheme.equals(ClientDefaults.PRIMARY_SCHEME)) {
                apiKey = value;
            } else if (value == null) {
                credentials.remove(scheme);
            } else {
                credentials.put(scheme, value);
            }
            return this;
        }

        /** A header sent with every request (after the SDK's own, so it can replace them). */
        public Builder putHeader(String name, String value) {
            headers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
            return this;
        }

        /** A query parameter sent with every request, after the operation's own. */
        public Builder putQueryParam(String name, String value) {
            queryParams.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
            return this;
        }

        /** Extra attempts after connection errors, timeouts, 408, 409, 429 and 5xx (default 2). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Each attempt's timeout (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The credentials and base URL from the environment, where they are set. */
        public Builder fromEnv() {
            String url = System.getenv(ClientDefaults.BASE_URL_ENV);
            if (url != null && !url.isEmpty()) {
                baseUrl = url;
            }
            for (Map.Entry<String, String> env : ClientDefaults.CREDENTIAL_ENV.entrySet()) {
                String value = System.getenv(env.getValue());
                if (value != null && !value.isEmpty()) {
                    credential(env.getKey(), value);
                }
            }
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
