package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.node.MissingNode;

/** The value of a property the JSON object does not have. */
public final class JsonMissing extends JsonValue {
    private static final JsonMissing INSTANCE = new JsonMissing();

    private JsonMissing() {
        super(MissingNode.getInstance());
    }

    public static JsonMissing of() {
        return INSTANCE;
    }
}
