package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.llamacloud_prod.api.errors.LlamaCloudInvalidDataException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict readers of one JSON value each; {@link JsonField#decode} makes them lenient. */
public final class Decoders {
    private Decoders() {}

    public static final Decoder<String> STRING =
            new Decoder<String>() {
                @Override
                public String decode(JsonNode node) {
                    if (!node.isTextual()) {
                        throw mismatch("a string", node);
                    }
                    return node.textValue();
                }
            };

    public static final Decoder<Long> LONG =
            new Decoder<Long>() {
                @Override
                public Long decode(JsonNode node) {
                    // 3.0 is an integer in JSON Schema; 3.5 and 1e30 are not (nor fit a long).
                    if (node.isNumber()
                            && node.canConvertToExactIntegral()
                            && node.canConvertToLong()) {
                        return node.longValue();
                    }
                    throw mismatch("an integer", node);
                }
            };

    public static final Decoder<Double> DOUBLE =
            new Decoder<Double>() {
                @Override
                public Double decode(JsonNode node) {
                    if (!node.isNumber()) {
                        throw mismatch("a number", node);
                    }
                    return node.doubleValue();
                }
            };

    public static final Decoder<Boolean> BOOLEAN =
            new Decoder<Boolean>() {
                @Override
                public Boolean decode(JsonNode node) {
                    if (!node.isBoolean()) {
                        throw mismatch("a boolean", node);
                    }
                    return node.booleanValue();
                }
            };

    /** Bytes a JSON document carries as base64 text. */
    public static final Decoder<byte[]> BYTES =
            new Decoder<byte[]>() {
                @Override
                public byte[] decode(JsonNode node) {
                    if (!node.isTextual()) {
                        throw mismatch("base64 text", node);
                    }
                    try {
                        return node.binaryValue();
                    } catch (java.io.IOException e) {
                        throw mismatch("base64 text", node);
                    }
                }
            };

    public static final Decoder<JsonValue> JSON_VALUE =
            new Decoder<JsonValue>() {
                @Override
                public JsonValue decode(JsonNode node) {
                    return JsonValue.fromNode(node);
                }
            };

    /** A list whose every item {@code items} reads; with {@code nullable}, null items stay. */
    public static <T> Decoder<List<T>> list(final Decoder<T> items, final boolean nullable) {
        return new Decoder<List<T>>() {
            @Override
            public List<T> decode(JsonNode node) {
                if (!node.isArray()) {
                    throw mismatch("an array", node);
                }
                List<T> out = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    out.add(item.isNull() && nullable ? null : items.decode(item));
                }
                return Collections.unmodifiableList(out);
            }
        };
    }

    /** An object whose every value {@code values} reads, in the server's order. */
    public static <T> Decoder<Map<String, T>> map(final Decoder<T> values, final boolean nullable) {
        return new Decoder<Map<String, T>>() {
            @Override
            public Map<String, T> decode(JsonNode node) {
                if (!node.isObject()) {
                    throw mismatch("an object", node);
                }
                Map<String, T> out = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> entry = fields.next();
                    JsonNode value = entry.getValue();
                    out.put(
                            entry.getKey(),
                            value.isNull() && nullable ? null : values.decode(value));
                }
                return Collections.unmodifiableMap(out);
            }
        };
    }

    /** The node, which a model reads, checked to be an object. */
    public static JsonNode object(JsonNode node, String model) {
        if (node == null || !node.isObject()) {
            throw mismatch("a " + model + " object", node);
        }
        return node;
    }

    static LlamaCloudInvalidDataException mismatch(String expected, JsonNode node) {
        return new LlamaCloudInvalidDataException(
                "expected "
                        + expected
                        + ", received "
                        + (node == null ? "nothing" : node.toString()));
    }
}
