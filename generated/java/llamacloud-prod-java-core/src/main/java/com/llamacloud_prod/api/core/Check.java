package com.llamacloud_prod.api.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers of the generated builders. */
public final class Check {
    private Check() {}

    /** A required builder field: set (to anything but missing) before {@code build()}. */
    public static <T> JsonField<T> required(String name, JsonField<T> field) {
        if (field.isMissing()) {
            throw new IllegalStateException("`" + name + "` is required, but was not set");
        }
        return field;
    }

    /** A path parameter's text, refused when empty (the request would reach another route). */
    public static String pathSegment(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("`" + name + "` must not be empty in the path");
        }
        return value;
    }

    public static <T> List<T> immutableList(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    public static <K, V> Map<K, V> immutableMap(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** A list field's known value copied (so a builder's list cannot change a built object). */
    @SuppressWarnings("unchecked")
    public static <T> JsonField<T> frozen(JsonField<T> field) {
        if (field.asKnown().isPresent() && field.asKnown().get() instanceof List) {
            return JsonField.of((T) immutableList((List<Object>) field.asKnown().get()));
        }
        if (field.asKnown().isPresent() && field.asKnown().get() instanceof Map) {
            return JsonField.of((T) immutableMap((Map<Object, Object>) field.asKnown().get()));
        }
        return field;
    }
}
