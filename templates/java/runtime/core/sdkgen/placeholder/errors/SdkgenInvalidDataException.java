package sdkgen.placeholder.errors;

/** A value is not what the API document says: a getter's field, or a body that is not JSON. */
public final class SdkgenInvalidDataException extends SdkgenException {
    public SdkgenInvalidDataException(String message) {
        super(message);
    }

    public SdkgenInvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
