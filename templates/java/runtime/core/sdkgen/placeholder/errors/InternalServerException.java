package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with a status of 500 or more. */
public final class InternalServerException extends SdkgenServiceException {
    public InternalServerException(int statusCode, Map<String, List<String>> headers, byte[] body) {
        super(statusCode, headers, body);
    }
}
