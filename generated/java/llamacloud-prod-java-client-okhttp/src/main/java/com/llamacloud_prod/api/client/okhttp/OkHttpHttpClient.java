package com.llamacloud_prod.api.client.okhttp;

import com.llamacloud_prod.api.core.http.HttpClient;
import com.llamacloud_prod.api.core.http.HttpRequest;
import com.llamacloud_prod.api.core.http.HttpResponse;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The SDK's {@link HttpClient} over OkHttp: one attempt per call, the whole body read. */
public final class OkHttpHttpClient implements HttpClient {
    private static final byte[] EMPTY = new byte[0];

    private final OkHttpClient okHttp;

    public OkHttpHttpClient(OkHttpClient okHttp) {
        this.okHttp = okHttp;
    }

    /** A client of its own, without OkHttp's retries (the SDK retries by its policy). */
    public static OkHttpHttpClient create() {
        return new OkHttpHttpClient(
                new OkHttpClient.Builder()
                        .retryOnConnectionFailure(false)
                        .connectTimeout(0, TimeUnit.MILLISECONDS)
                        .readTimeout(0, TimeUnit.MILLISECONDS)
                        .writeTimeout(0, TimeUnit.MILLISECONDS)
                        .build());
    }

    @Override
    public HttpResponse execute(HttpRequest request) throws IOException {
        return wrap(newCall(request).execute());
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request) {
        final CompletableFuture<HttpResponse> out = new CompletableFuture<>();
        newCall(request)
                .enqueue(
                        new Callback() {
                            @Override
                            public void onFailure(Call call, IOException e) {
                                out.completeExceptionally(e);
                            }

                            @Override
                            public void onResponse(Call call, Response response) {
                                out.complete(wrap(response));
                            }
                        });
        return out;
    }

    private Call newCall(HttpRequest request) {
        Headers.Builder headers = new Headers.Builder();
        for (Map.Entry<String, String> header : request.headers()) {
            // The SDK's header values are the user's or the API document's: not checked for
            // ASCII, as OkHttp's add() would.
            headers.addUnsafeNonAscii(header.getKey(), header.getValue());
        }
        RequestBody body = null;
        if (request.body() != null) {
            MediaType type =
                    request.contentType() == null ? null : MediaType.parse(request.contentType());
            body = RequestBody.create(request.body(), type);
        } else if (needsBody(request.method())) {
            body = RequestBody.create(EMPTY, null);
        }
        Request okRequest =
                new Request.Builder()
                        .url(request.url())
                        .headers(headers.build())
                        .method(request.method(), body)
                        .build();
        Call call = okHttp.newCall(okRequest);
        if (request.timeout() != null) {
            call.timeout().timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return call;
    }

    private static boolean needsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** The response with its body unread: the SDK reads it, or hands it to the caller. */
    private static HttpResponse wrap(Response response) {
        Map<String, List<String>> headers = response.headers().toMultimap();
        ResponseBody body = response.body();
        InputStream stream = body == null ? new ByteArrayInputStream(EMPTY) : body.byteStream();
        return new HttpResponse(response.code(), headers, stream, response);
    }

    @Override
    public void close() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }
}
