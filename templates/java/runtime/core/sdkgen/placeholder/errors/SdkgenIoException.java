package sdkgen.placeholder.errors;

/** The request could not be sent or its response not read (after any retries). */
public final class SdkgenIoException extends SdkgenException {
    public SdkgenIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
