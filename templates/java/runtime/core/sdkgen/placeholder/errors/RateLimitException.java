package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with status 429. */
public final class RateLimitException extends SdkgenServiceException {
    public RateLimitException(Map<String, List<String>> headers, byte[] body) {
        super(429, headers, body);
    }
}
