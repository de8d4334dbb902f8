package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Objects;

/**
 * Any JSON value, kept as the server sent it: what a field holds when its value is not of the
 * declared type, and what {@code _additionalProperties()} maps unknown properties to.
 */
public class JsonValue {
    private final JsonNode node;

    JsonValue(JsonNode node) {
        this.node = node;
    }

    /** The value as JSON: strings, numbers, booleans, lists, maps and models convert. */
    public static JsonValue from(Object value) {
        return fromNode(ObjectMappers.toNode(value));
    }

    /** The node wrapped; a missing node is {@link JsonMissing}, a null one {@link JsonNull}. */
    public static JsonValue fromNode(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return JsonMissing.of();
        }
        if (node.isNull()) {
            return JsonNull.of();
        }
        return new JsonValue(node);
    }

    public JsonNode node() {
        return node;
    }

    public boolean isMissing() {
        return node instanceof MissingNode;
    }

    public boolean isNull() {
        return node instanceof NullNode;
    }

    /** The value converted to {@code type} by Jackson. */
    public <T> T convert(Class<T> type) {
        return ObjectMappers.jsonMapper().convertValue(node, type);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonValue && Objects.equals(node, ((JsonValue) other).node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        return isMissing() ? "JsonMissing" : node.toString();
    }
}
