package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads one JSON value as a Java type; throws when the value is not of that type. */
public interface Decoder<T> {
    T decode(JsonNode node);
}
