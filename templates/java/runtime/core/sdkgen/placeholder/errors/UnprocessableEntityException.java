package sdkgen.placeholder.errors;

import java.util.List;
import java.util.Map;

/** A response with status 422. */
public final class UnprocessableEntityException extends SdkgenServiceException {
    public UnprocessableEntityException(Map<String, List<String>> headers, byte[] body) {
        super(422, headers, body);
    }
}
