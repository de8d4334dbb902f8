package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with status 401. */
public final class UnauthorizedException extends SdkgenServiceException {
    public UnauthorizedException(Map<String, List<String>> headers, byte[] body) {
        super(401, headers, body);
    }
}
