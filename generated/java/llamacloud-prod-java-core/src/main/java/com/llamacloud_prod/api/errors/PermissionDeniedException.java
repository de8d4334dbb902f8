package com.llamacloud_prod.api.errors;

import java.util.List;
import java.util.Map;

/** A response with status 403. */
public final class PermissionDeniedException extends LlamaCloudServiceException {
    public PermissionDeniedException(Map<String, List<String>> headers, byte[] body) {
        super(403, headers, body);
    }
}
