package sdkgen.placeholder.client.okhttp;

import sdkgen.placeholder.client.SdkgenClient;
import sdkgen.placeholder.client.SdkgenClientImpl;
import sdkgen.placeholder.core.ClientCore;
import sdkgen.placeholder.core.ClientOptions;

import java.time.Duration;

/** Clients that send their requests with OkHttp. */
public final class SdkgenOkHttpClient {
    private SdkgenOkHttpClient() {}

    /** A client configured from the environment (credentials and base URL). */
    public static SdkgenClient fromEnv() {
        return builder().fromEnv().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final ClientOptions.Builder options = ClientOptions.builder();

        private Builder() {}

        public Builder baseUrl(String baseUrl) {
            options.baseUrl(baseUrl);
            return this;
        }

        public Builder apiKey(String apiKey) {
            options.apiKey(apiKey);
            return this;
        }

        /** The credential of the security scheme {@code scheme} (its name in the API document). */
        public Builder credential(String scheme, String value) {
            options.credential(scheme, value);
            return this;
        }

        public Builder putHeader(String name, String value) {
            options.putHeader(name, value);
            return this;
        }

        public Builder putQueryParam(String name, String value) {
            options.putQueryParam(name, value);
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            options.maxRetries(maxRetries);
            return this;
        }

        public Builder timeout(Duration timeout) {
            options.timeout(timeout);
            return this;
        }

        /** The credentials and base URL from the environment, where they are set. */
        public Builder fromEnv() {
            options.fromEnv();
            return this;
        }

        public SdkgenClient build() {
            return new SdkgenClientImpl(
                    new ClientCore(options.httpClient(OkHttpHttpClient.create()).build()));
        }
    }
}
