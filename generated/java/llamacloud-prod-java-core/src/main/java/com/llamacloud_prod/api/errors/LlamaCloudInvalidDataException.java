package com.llamacloud_prod.api.errors;

/** A value is not what the API document says: a getter's field, or a body that is not JSON. */
public final class LlamaCloudInvalidDataException extends LlamaCloudException {
    public LlamaCloudInvalidDataException(String message) {
        super(message);
    }

    public LlamaCloudInvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
