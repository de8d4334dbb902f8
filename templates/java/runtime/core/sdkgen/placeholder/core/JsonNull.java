package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.node.NullNode;

/** JSON {@code null}. */
public final class JsonNull extends JsonValue {
    private static final JsonNull INSTANCE = new JsonNull();

    private JsonNull() {
        super(NullNode.getInstance());
    }

    public static JsonNull of() {
        return INSTANCE;
    }
}
