package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object being read into a model: each field taken out leniently ({@link JsonField#decode}),
 * the properties left over kept as the model's additional properties.
 */
public final class ObjectReader {
    private final Map<String, JsonNode> rest = new LinkedHashMap<>();

    private ObjectReader(JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            rest.put(entry.getKey(), entry.getValue());
        }
    }

    /** The object to read; throws when {@code node} is not a JSON object. */
    public static ObjectReader of(JsonNode node, String model) {
        return new ObjectReader(Decoders.object(node, model));
    }

    public <T> JsonField<T> field(String name, Decoder<T> decoder) {
        return JsonField.decode(rest.remove(name), decoder);
    }

    /** The properties no field took, in the server's order. */
    public Map<String, JsonValue> rest() {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : rest.entrySet()) {
            out.put(entry.getKey(), JsonValue.fromNode(entry.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
