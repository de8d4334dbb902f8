package com.llamacloud_prod.api.errors;

/** The request could not be sent or its response not read (after any retries). */
public final class LlamaCloudIoException extends LlamaCloudException {
    public LlamaCloudIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
