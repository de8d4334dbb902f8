package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with another status of 400 or more. */
public final class UnexpectedStatusCodeException extends SdkgenServiceException {
    public UnexpectedStatusCodeException(
            int statusCode, Map<String, List<String>> headers, byte[] body) {
        super(statusCode, headers, body);
    }
}
