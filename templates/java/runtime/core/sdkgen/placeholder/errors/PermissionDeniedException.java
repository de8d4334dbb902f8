package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with status 403. */
public final class PermissionDeniedException extends SdkgenServiceException {
    public PermissionDeniedException(Map<String, List<String>> headers, byte[] body) {
        super(403, headers, body);
    }
}
