package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.JsonNode;

import sdkgen.placeholder.core.http.HttpRequest;
import sdkgen.placeholder.core.http.HttpResponse;
import sdkgen.placeholder.errors.SdkgenException;
import sdkgen.placeholder.errors.SdkgenIoException;
import sdkgen.placeholder.errors.SdkgenServiceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends the calls of one client: the URL, headers and credentials of each attempt, and the retry
 * policy of the Python SDK's runtime (connection errors, timeouts, 408, 409, 429 and 5xx unless
 * {@code x-should-retry} says otherwise; {@code Retry-After-Ms} / {@code Retry-After} up to 60 s,
 * else 0.5 s doubling up to 8 s, less up to 25 % jitter).
 */
public final class ClientCore {
    static final String RETRY_COUNT_HEADER = "x-retry-count";
    private static final long INITIAL_RETRY_DELAY_MS = 500;
    private static final long MAX_RETRY_DELAY_MS = 8_000;
    private static final long MAX_RETRY_AFTER_MS = 60_000;

    private final ClientOptions options;

    public ClientCore(ClientOptions options) {
        this.options = options;
    }

    public ClientOptions options() {
        return options;
    }

    /** The call sent (retried as the policy says); its success body as JSON (null if empty). */
    public JsonNode json(Call call, RequestOptions requestOptions) {
        return ObjectMappers.parse(send(call, requestOptions).bytes());
    }

    /** The call's success body as text. */
    public String text(Call call, RequestOptions requestOptions) {
        return send(call, requestOptions).text();
    }

    /**
     * The call sent, retried as the policy says: the success response, its body not yet read (close
     * it). A status of 400 or more throws (after any retries).
     */
    public HttpResponse send(Call call, RequestOptions requestOptions) {
        int maxRetries = requestOptions.maxRetries().orElse(options.maxRetries());
        Duration timeout = requestOptions.timeout().orElse(options.timeout());
        for (int retries = 0; ; retries++) {
            HttpResponse response;
            try {
                response = options.httpClient().execute(request(call, timeout, retries));
            } catch (IOException e) {
                if (retries >= maxRetries) {
                    throw new SdkgenIoException("request failed: " + e.getMessage(), e);
                }
                sleep(retryDelay(retries, null));
                continue;
            }
            if (retries < maxRetries && shouldRetry(response)) {
                response.close();
                sleep(retryDelay(retries, response));
                continue;
            }
            return checked(response);
        }
    }

    /** The call sent for its status alone: the success body is not read. */
    public void discard(Call call, RequestOptions requestOptions) {
        send(call, requestOptions).close();
    }

    public CompletableFuture<Void> discardAsync(Call call, RequestOptions requestOptions) {
        return sendAsync(call, requestOptions)
                .thenApply(
                        response -> {
                            response.close();
                            return null;
                        });
    }

    public CompletableFuture<JsonNode> jsonAsync(Call call, RequestOptions requestOptions) {
        return sendAsync(call, requestOptions)
                .thenApply(response -> ObjectMappers.parse(response.bytes()));
    }

    public CompletableFuture<String> textAsync(Call call, RequestOptions requestOptions) {
        return sendAsync(call, requestOptions).thenApply(HttpResponse::text);
    }

    /** {@link #send} without blocking a thread, retries included. */
    public CompletableFuture<HttpResponse> sendAsync(Call call, RequestOptions requestOptions) {
        int maxRetries = requestOptions.maxRetries().orElse(options.maxRetries());
        Duration timeout = requestOptions.timeout().orElse(options.timeout());
        return attemptAsync(call, timeout, 0, maxRetries);
    }

    private CompletableFuture<HttpResponse> attemptAsync(
            final Call call, final Duration timeout, final int retries, final int maxRetries) {
        CompletableFuture<HttpResponse> sent;
        try {
            sent = options.httpClient().executeAsync(request(call, timeout, retries));
        } catch (RuntimeException e) {
            return failed(e);
        }
        return sent.handle(
                        (response, error) -> {
                            Throwable cause = unwrap(error);
                            if (cause != null && !(cause instanceof IOException)) {
                                return ClientCore.<HttpResponse>failed(cause);
                            }
                            if (retries < maxRetries && (cause != null || shouldRetry(response))) {
                                if (response != null) {
                                    response.close();
                                }
                                long delay = retryDelay(retries, response);
                                return later(delay)
                                        .thenCompose(
                                                ignored ->
                                                        attemptAsync(
                                                                call,
                                                                timeout,
                                                                retries + 1,
                                                                maxRetries));
                            }
                            if (cause != null) {
                                return ClientCore.<HttpResponse>failed(
                                        new SdkgenIoException(
                                                "request failed: " + cause.getMessage(), cause));
                            }
                            try {
                                return CompletableFuture.completedFuture(checked(response));
                            } catch (RuntimeException e) {
                                return ClientCore.<HttpResponse>failed(e);
                            }
                        })
                .thenCompose(future -> future);
    }

    /** One attempt's request. */
    HttpRequest request(Call call, Duration timeout, int retries) {
        StringBuilder url = new StringBuilder(trimEnd(options.baseUrl()));
        url.append('/').append(trimStart(call.path));
        Placed credentials = credentials(call.security);
        // Credentials first, then the operation's parameters, then the client's, as in Python.
        List<String> query = new ArrayList<>(credentials.query);
        query.addAll(call.query);
        for (Map.Entry<String, String> extra : options.queryParams()) {
            query.addAll(Styles.looseQueryItems(extra.getKey(), extra.getValue(), false));
        }
        if (!query.isEmpty()) {
            url.append('?').append(String.join("&", query));
        }
        Map<String, Map.Entry<String, String>> headers = new LinkedHashMap<>();
        set(headers, "Accept", "application/json");
        set(headers, "User-Agent", options.userAgent());
        if (call.body != null && call.contentType != null) {
            set(headers, "Content-Type", call.contentType);
        }
        for (Map.Entry<String, String> h : credentials.headers) {
            set(headers, h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : call.headers) {
            set(headers, h.getKey(), h.getValue());
        }
        List<String> cookies = new ArrayList<>(credentials.cookies);
        cookies.addAll(call.cookies);
        if (!cookies.isEmpty()) {
            set(headers, "Cookie", String.join("; ", cookies));
        }
        // The client's headers come last: they replace the SDK's (an empty value removes one).
        for (Map.Entry<String, String> h : options.headers()) {
            if (h.getValue().isEmpty()) {
                headers.remove(h.getKey().toLowerCase(java.util.Locale.ROOT));
            } else {
                set(headers, h.getKey(), h.getValue());
            }
        }
        if (!headers.containsKey(RETRY_COUNT_HEADER)) {
            set(headers, RETRY_COUNT_HEADER, Integer.toString(retries));
        }
        return new HttpRequest(
                call.method,
                url.toString(),
                new ArrayList<>(headers.values()),
                call.body,
                call.contentType,
                timeout);
    }

    private static void set(
            Map<String, Map.Entry<String, String>> headers, String name, String value) {
        headers.put(
                name.toLowerCase(java.util.Locale.ROOT),
                new java.util.AbstractMap.SimpleImmutableEntry<>(name, value));
    }

    /** The response, or the exception for a status of 400 or more (its body read). */
    private static HttpResponse checked(HttpResponse response) {
        if (response.statusCode() >= 400) {
            throw SdkgenServiceException.of(
                    response.statusCode(), response.headers(), response.bytes());
        }
        return response;
    }

    // ------------------------------------------------------------------ credentials

    /** Where one call's credentials go. */
    private static final class Placed {
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        final List<String> query = new ArrayList<>();
        final List<String> cookies = new ArrayList<>();
    }

    private String credential(String scheme) {
        return scheme.equals(options.primaryScheme())
                ? options.apiKey()
                : options.credentials().get(scheme);
    }

    /** The credentials of the first requirement set that has them all. */
    private Placed credentials(String[][] security) {
        String[][] sets = security != null ? security : new String[][] {{options.primaryScheme()}};
        for (String[] set : sets) {
            String[] values = new String[set.length];
            boolean complete = true;
            for (int i = 0; i < set.length; i++) {
                values[i] = credential(set[i]);
                complete &= values[i] != null && !values[i].isEmpty();
            }
            if (!complete) {
                continue;
            }
            Placed out = new Placed();
            for (int i = 0; i < set.length; i++) {
                place(out, options.schemes().get(set[i]), values[i]);
            }
            return out;
        }
        return new Placed();
    }

    private static void place(Placed out, AuthScheme scheme, String value) {
        if (scheme == null) {
            return;
        }
        switch (scheme.kind) {
            case "bearer":
                out.headers.add(entry("Authorization", "Bearer " + value));
                break;
            case "basic":
                // The credential is "user:password", as curl's -u takes it.
                String token =
                        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
                out.headers.add(entry("Authorization", "Basic " + token));
                break;
            case "header":
                out.headers.add(entry(scheme.param, value));
                break;
            case "query":
                out.query.addAll(Styles.looseQueryItems(scheme.param, value, false));
                break;
            case "cookie":
                out.cookies.addAll(Styles.cookiePairs(scheme.param, value, true, null));
                break;
            default:
                break;
        }
    }

    private static Map.Entry<String, String> entry(String name, String value) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    // ------------------------------------------------------------------ retries

    /** {@code x-should-retry} decides when present; else 408, 409, 429 and 5xx are retried. */
    static boolean shouldRetry(HttpResponse response) {
        String asked = response.header("x-should-retry");
        if (asked != null) {
            String value = asked.trim().toLowerCase(java.util.Locale.ROOT);
            if (value.equals("true")) {
                return true;
            }
            if (value.equals("false")) {
                return false;
            }
        }
        int code = response.statusCode();
        return code == 408 || code == 409 || code == 429 || code >= 500;
    }

    /** The wait in milliseconds before retry number {@code retries + 1}. */
    static long retryDelay(int retries, HttpResponse response) {
        Long asked = response == null ? null : retryAfter(response);
        if (asked != null && asked > 0 && asked <= MAX_RETRY_AFTER_MS) {
            return asked;
        }
        double backoff = INITIAL_RETRY_DELAY_MS * Math.pow(2, Math.min(retries, 16));
        backoff = Math.min(backoff, MAX_RETRY_DELAY_MS);
        return (long) (backoff * (1 - 0.25 * ThreadLocalRandom.current().nextDouble()));
    }

    private static Long retryAfter(HttpResponse response) {
        String ms = response.header("retry-after-ms");
        if (ms != null) {
            try {
                return (long) Double.parseDouble(ms.trim());
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String after = response.header("retry-after");
        if (after == null) {
            return null;
        }
        try {
            return (long) (Double.parseDouble(after.trim()) * 1000);
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            ZonedDateTime when =
                    ZonedDateTime.parse(after.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return when.toInstant().toEpochMilli() - System.currentTimeMillis();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SdkgenException("interrupted while waiting to retry", e);
        }
    }

    // ------------------------------------------------------------------ async plumbing

    private static final class Timer {
        // One daemon thread schedules every client's retries; the waits hold no thread.
        static final ScheduledExecutorService INSTANCE =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "sdk-retry-timer");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    private static CompletableFuture<Void> later(long millis) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        Timer.INSTANCE.schedule(() -> out.complete(null), millis, TimeUnit.MILLISECONDS);
        return out;
    }

    private static <T> CompletableFuture<T> failed(Throwable error) {
        CompletableFuture<T> out = new CompletableFuture<>();
        out.completeExceptionally(error);
        return out;
    }

    private static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String trimEnd(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String trimStart(String text) {
        int start = 0;
        while (start < text.length() && text.charAt(start) == '/') {
            start++;
        }
        return text.substring(start);
    }
}
