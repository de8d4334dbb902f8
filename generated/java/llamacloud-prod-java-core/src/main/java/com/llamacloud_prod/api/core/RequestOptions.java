package com.llamacloud_prod.api.core;

import java.time.Duration;
import java.util.Optional;

/** One call's overrides of the client's options. */
public final class RequestOptions {
    private static final RequestOptions NONE = new RequestOptions(null, null);

    private final Duration timeout;
    private final Integer maxRetries;

    private RequestOptions(Duration timeout, Integer maxRetries) {
        this.timeout = timeout;
        this.maxRetries = maxRetries;
    }

    public static RequestOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Optional<Integer> maxRetries() {
        return Optional.ofNullable(maxRetries);
    }

    public static final class Builder {
        private Duration timeout;
        private Integer maxRetries;

        private Builder() {}

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public RequestOptions build() {
            return new RequestOptions(timeout, maxRetries);
        }
    }
}
