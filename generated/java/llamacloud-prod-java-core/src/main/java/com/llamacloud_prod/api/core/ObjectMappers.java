package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llamacloud_prod.api.errors.LlamaCloudInvalidDataException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one Jackson mapper of the SDK. Responses are read into a tree and each model takes its fields
 * from it leniently ({@link JsonField#decode}); nothing here fails on an unknown property.
 */
public final class ObjectMappers {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false)
                    .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private ObjectMappers() {}

    public static ObjectMapper jsonMapper() {
        return MAPPER;
    }

    /** A response body as a JSON tree (an empty body is JSON null). */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new LlamaCloudInvalidDataException("the response body is not JSON", e);
        }
    }

    /** A new empty JSON object (the body of a required body with no field set). */
    public static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The object, or a missing node when it has no property. */
    public static JsonNode orMissing(ObjectNode object) {
        return object.size() == 0 ? MissingNode.getInstance() : object;
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new LlamaCloudInvalidDataException("cannot write the request body", e);
        }
    }

    /** Any value the SDK sends as JSON: models, fields, lists, maps and scalars. */
    public static JsonNode toNode(Object value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof JsonNode) {
            return (JsonNode) value;
        }
        if (value instanceof JsonValue) {
            return ((JsonValue) value).node();
        }
        if (value instanceof JsonField) {
            return ((JsonField<?>) value).toNode();
        }
        if (value instanceof JsonWritable) {
            return ((JsonWritable) value).toJson();
        }
        if (value instanceof Optional) {
            Optional<?> optional = (Optional<?>) value;
            return optional.isPresent() ? toNode(optional.get()) : MissingNode.getInstance();
        }
        if (value instanceof List) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (Object item : (List<?>) value) {
                array.add(toNode(item));
            }
            return array;
        }
        if (value instanceof Map) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                JsonNode item = toNode(entry.getValue());
                if (!item.isMissingNode()) {
                    object.set(String.valueOf(entry.getKey()), item);
                }
            }
            return object;
        }
        return MAPPER.valueToTree(value);
    }

    /** {@code name: value} into {@code object} unless the value is missing. */
    public static void put(ObjectNode object, String name, Object value) {
        JsonNode node = toNode(value);
        if (!node.isMissingNode()) {
            object.set(name, node);
        }
    }
}
