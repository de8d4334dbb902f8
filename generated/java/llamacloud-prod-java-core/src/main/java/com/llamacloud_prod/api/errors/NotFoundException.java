package com.llamacloud_prod.api.errors;

import java.util.List;
import java.util.Map;

/** A response with status 404. */
public final class NotFoundException extends LlamaCloudServiceException {
    public NotFoundException(Map<String, List<String>> headers, byte[] body) {
        super(404, headers, body);
    }
}
