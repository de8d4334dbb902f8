package sdkgen.placeholder.core.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Sends one request and reads its whole response; the SDK retries around it. */
public interface HttpClient extends AutoCloseable {
    HttpResponse execute(HttpRequest request) throws IOException;

    /** Completes with the response, or exceptionally with the {@link IOException}. */
    CompletableFuture<HttpResponse> executeAsync(HttpRequest request);

    @Override
    void close();
}
