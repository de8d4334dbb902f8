package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.llamacloud_prod.api.errors.LlamaCloudInvalidDataException;

import java.util.Objects;
import java.util.Optional;

/**
 * A field as it is on the wire: missing, JSON null, a value of its type, or some other JSON value
 * (kept, so that a wrongly typed field fails only when its getter is called).
 */
public final class JsonField<T> {
    private static final JsonField<?> MISSING = new JsonField<>(null, JsonMissing.of());
    private static final JsonField<?> NULL = new JsonField<>(null, JsonNull.of());

    private final T value;
    private final JsonValue json;

    private JsonField(T value, JsonValue json) {
        this.value = value;
        this.json = json;
    }

    public static <T> JsonField<T> of(T value) {
        return new JsonField<>(Objects.requireNonNull(value, "value"), null);
    }

    /** The value, or JSON null when it is {@code null}. */
    public static <T> JsonField<T> ofNullable(T value) {
        return value == null ? JsonField.<T>ofNull() : of(value);
    }

    @SuppressWarnings("unchecked")
    public static <T> JsonField<T> missing() {
        return (JsonField<T>) MISSING;
    }

    @SuppressWarnings("unchecked")
    public static <T> JsonField<T> ofNull() {
        return (JsonField<T>) NULL;
    }

    /** Any JSON value in place of the typed one (sent as it is). */
    public static <T> JsonField<T> ofJson(JsonValue json) {
        if (json.isMissing()) {
            return missing();
        }
        if (json.isNull()) {
            return ofNull();
        }
        return new JsonField<>(null, json);
    }

    /** A JSON value read leniently with {@code decoder} (null: the property is missing). */
    public static <T> JsonField<T> decode(JsonNode node, Decoder<T> decoder) {
        if (node == null || node.isMissingNode()) {
            return missing();
        }
        if (node.isNull()) {
            return ofNull();
        }
        try {
            return of(decoder.decode(node));
        } catch (RuntimeException wrongType) {
            return new JsonField<>(null, JsonValue.fromNode(node));
        }
    }

    public boolean isMissing() {
        return value == null && json.isMissing();
    }

    public boolean isNull() {
        return value == null && json.isNull();
    }

    public Optional<T> asKnown() {
        return Optional.ofNullable(value);
    }

    /** The JSON value when it is not of the field's type (nor missing, nor null). */
    public Optional<JsonValue> asUnknown() {
        return value == null && !json.isMissing() && !json.isNull()
                ? Optional.of(json)
                : Optional.<JsonValue>empty();
    }

    /** The value of a required field; throws when it is missing, null or of another type. */
    public T getRequired(String name) {
        if (value != null) {
            return value;
        }
        if (json.isMissing()) {
            throw new LlamaCloudInvalidDataException("`" + name + "` is not set");
        }
        if (json.isNull()) {
            throw new LlamaCloudInvalidDataException("`" + name + "` is null");
        }
        throw new LlamaCloudInvalidDataException("`" + name + "` is invalid, received " + json);
    }

    /** The value of an optional field; throws only when it is of another type. */
    public Optional<T> getOptional(String name) {
        if (value != null) {
            return Optional.of(value);
        }
        if (json.isMissing() || json.isNull()) {
            return Optional.empty();
        }
        throw new LlamaCloudInvalidDataException("`" + name + "` is invalid, received " + json);
    }

    /** The field as JSON (a missing node when it is missing). */
    public JsonNode toNode() {
        return value != null ? ObjectMappers.toNode(value) : json.node();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof JsonField)) {
            return false;
        }
        JsonField<?> that = (JsonField<?>) other;
        return Objects.equals(value, that.value) && Objects.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, json);
    }

    @Override
    public String toString() {
        return value != null ? String.valueOf(value) : json.toString();
    }
}
