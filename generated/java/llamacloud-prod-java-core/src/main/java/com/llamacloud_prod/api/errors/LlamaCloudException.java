package com.llamacloud_prod.api.errors;

/** Every exception the SDK throws is one of these. */
public class LlamaCloudException extends RuntimeException {
    public LlamaCloudException(String message) {
        super(message);
    }

    public LlamaCloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
