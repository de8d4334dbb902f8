package sdkgen.placeholder.errors;

/** Every exception the SDK throws is one of these. */
public class SdkgenException extends RuntimeException {
    public SdkgenException(String message) {
        super(message);
    }

    public SdkgenException(String message, Throwable cause) {
        super(message, cause);
    }
}
