package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with status 400. */
public final class BadRequestException extends SdkgenServiceException {
    public BadRequestException(Map<String, List<String>> headers, byte[] body) {
        super(400, headers, body);
    }
}
