package com.llamacloud_prod.api.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAPI parameter styles: how a path, query, header or cookie value is written on the wire, as
 * the Python runtime's {@code _styles.py} writes it (OpenAPI 3.1.2's style examples). Data is
 * percent-encoded before the delimiters go between the pieces, so a comma inside a value never
 * reads as a delimiter. A missing or null value writes nothing.
 */
public final class Styles {
    private static final String RESERVED_KEPT = ":/?@!$'()*,;";
    private static final String COOKIE_SAFE = "!#$%&'()*+-./:<=>?@[]^_`{|}~";
    private static final Pattern TRIPLE = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Styles() {}

    // ------------------------------------------------------------------ text

    /** One scalar as text; a nested container has no OpenAPI spelling, so it stays JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isContainerNode()) {
            return value.toString();
        }
        if (value.isFloatingPointNumber()) {
            return pythonFloat(value.doubleValue());
        }
        return value.asText();
    }

    /** A double as Python's {@code str(float)} writes it (the same bytes on the wire). */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = b.unscaledValue().abs().toString();
            String mantissa =
                    digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String sign = d < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + pad2(Math.abs(exponent));
        }
        String plain = b.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String pad2(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    /** A {@code content} parameter's value as its media type's text. */
    static String contentText(JsonNode value, String mediaType, boolean asciiOnly) {
        String base = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (base.equals("application/json") || base.endsWith("+json")) {
            String json = pythonJson(value);
            return asciiOnly ? asciiJson(json) : json;
        }
        return text(value);
    }

    private static String pythonJson(JsonNode value) {
        return value.toString();
    }

    private static String asciiJson(String json) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Percent-encoding of UTF-8 bytes, leaving unreserved characters and {@code safe} as they are.
     */
    static String quote(String text, String safe) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || (c < 0x80 && safe.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static String pathEncode(String text, boolean label) {
        String encoded = quote(text, "");
        return label ? encoded.replace(".", "%2E") : encoded;
    }

    private static String queryEncode(String text, boolean allowReserved) {
        if (!allowReserved) {
            return quote(text, "");
        }
        StringBuilder out = new StringBuilder();
        Matcher m = TRIPLE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(quote(text.substring(last, m.start()), RESERVED_KEPT)).append(m.group());
            last = m.end();
        }
        out.append(quote(text.substring(last), RESERVED_KEPT));
        return out.toString();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isNull()) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<Map.Entry<String, JsonNode>> pairs(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isNull()) {
                out.add(entry);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ path

    /** The text that replaces {@code {wire}} in the path. */
    public static String pathValue(
            String wire, Object raw, String style, boolean explode, String mediaType) {
        JsonNode value = ObjectMappers.toNode(raw);
        String out;
        if (mediaType != null) {
            out = pathEncode(contentText(value, mediaType, false), false);
        } else if (style.equals("label")) {
            out = "." + joined(value, explode ? "." : ",", explode, true);
        } else if (style.equals("matrix")) {
            out = matrix(quote(wire, ""), value, explode);
        } else {
            out = joined(value, ",", explode, false);
        }
        // A segment of dots only would move the route.
        if (!out.isEmpty() && out.replace(".", "").isEmpty()) {
            out = out.replace(".", "%2E");
        }
        return out;
    }

    private static String joined(JsonNode value, String sep, boolean explode, boolean label) {
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : items(value)) {
                parts.add(pathEncode(text(item), label));
            }
            return String.join(sep, parts);
        }
        if (value.isObject()) {
            String inner = explode ? "=" : ",";
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                parts.add(
                        pathEncode(e.getKey(), label)
                                + inner
                                + pathEncode(text(e.getValue()), label));
            }
            return String.join(sep, parts);
        }
        return pathEncode(text(value), label);
    }

    private static String matrix(String name, JsonNode value, boolean explode) {
        StringBuilder out = new StringBuilder();
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode item : items(value)) {
                parts.add(pathEncode(text(item), false));
            }
            if (explode) {
                for (String part : parts) {
                    out.append(';').append(name).append('=').append(part);
                }
                return out.toString();
            }
            return ";" + name + "=" + String.join(",", parts);
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                String k = pathEncode(e.getKey(), false);
                String v = pathEncode(text(e.getValue()), false);
                if (explode) {
                    out.append(';').append(k).append('=').append(v);
                } else {
                    parts.add(k + "," + v);
                }
            }
            return explode ? out.toString() : ";" + name + "=" + String.join(",", parts);
        }
        String text = pathEncode(text(value), false);
        return text.isEmpty() ? ";" + name : ";" + name + "=" + text;
    }

    // ------------------------------------------------------------------ query

    private static String delimiter(String style) {
        if (style.equals("form")) {
            return ",";
        }
        if (style.equals("spaceDelimited")) {
            return "%20";
        }
        if (style.equals("pipeDelimited")) {
            return "%7C";
        }
        return null;
    }

    /** The {@code name=value} pieces of one query parameter, each percent-encoded. */
    public static List<String> queryItems(
            String wire,
            Object raw,
            String style,
            boolean explode,
            boolean allowReserved,
            String mediaType) {
        JsonNode value = ObjectMappers.toNode(raw);
        if (absent(value)) {
            return Collections.emptyList();
        }
        String key = quote(wire, "");
        List<String> out = new ArrayList<>();
        if (mediaType != null) {
            out.add(key + "=" + queryEncode(contentText(value, mediaType, false), allowReserved));
            return out;
        }
        if (style.equals("deepObject") && value.isObject()) {
            return looseQueryItems(wire, value, allowReserved);
        }
        String sep = delimiter(style);
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : items(value)) {
                items.add(queryEncode(text(item), allowReserved));
            }
            if (items.isEmpty()) {
                return out;
            }
            if (explode || sep == null) {
                for (String item : items) {
                    out.add(key + "=" + item);
                }
                return out;
            }
            out.add(key + "=" + String.join(sep, items));
            return out;
        }
        if (value.isObject()) {
            List<String> joined = new ArrayList<>();
            String delim = sep == null ? "," : sep;
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                String k = queryEncode(e.getKey(), allowReserved);
                String v = queryEncode(text(e.getValue()), allowReserved);
                if (explode) {
                    out.add(k + "=" + v);
                } else {
                    joined.add(k + delim + v);
                }
            }
            if (!explode && !joined.isEmpty()) {
                out.add(key + "=" + String.join(delim, joined));
            }
            return out;
        }
        out.add(key + "=" + queryEncode(text(value), allowReserved));
        return out;
    }

    /**
     * Query pieces for a value with no declared style (extra query parameters) and for deepObject:
     * arrays repeat the key, objects nest as {@code key[sub]}.
     */
    public static List<String> looseQueryItems(String key, Object raw, boolean allowReserved) {
        JsonNode value = ObjectMappers.toNode(raw);
        List<String> out = new ArrayList<>();
        if (absent(value)) {
            return out;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                out.addAll(
                        looseQueryItems(key + "[" + e.getKey() + "]", e.getValue(), allowReserved));
            }
            return out;
        }
        String name = quote(key, "");
        if (value.isArray()) {
            for (JsonNode item : items(value)) {
                out.add(name + "=" + queryEncode(text(item), allowReserved));
            }
            return out;
        }
        out.add(name + "=" + queryEncode(text(value), allowReserved));
        return out;
    }

    // ------------------------------------------------------------------ header and cookie

    /** {@code simple} style, not percent-encoded; null when there is no value. */
    public static String headerValue(Object raw, boolean explode, String mediaType) {
        JsonNode value = ObjectMappers.toNode(raw);
        if (absent(value)) {
            return null;
        }
        if (mediaType != null) {
            return contentText(value, mediaType, true);
        }
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : items(value)) {
                parts.add(text(item));
            }
            return String.join(",", parts);
        }
        if (value.isObject()) {
            String inner = explode ? "=" : ",";
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                parts.add(e.getKey() + inner + text(e.getValue()));
            }
            return String.join(",", parts);
        }
        return text(value);
    }

    private static String cookieEncode(String text) {
        return quote(text, COOKIE_SAFE);
    }

    /** {@code form} style for a cookie: exploded values are separate {@code name=value} pairs. */
    public static List<String> cookiePairs(
            String wire, Object raw, boolean explode, String mediaType) {
        JsonNode value = ObjectMappers.toNode(raw);
        List<String> out = new ArrayList<>();
        if (absent(value)) {
            return out;
        }
        if (mediaType != null) {
            out.add(wire + "=" + cookieEncode(contentText(value, mediaType, false)));
            return out;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : items(value)) {
                items.add(cookieEncode(text(item)));
            }
            if (explode) {
                for (String item : items) {
                    out.add(wire + "=" + item);
                }
            } else if (!items.isEmpty()) {
                out.add(wire + "=" + String.join(",", items));
            }
            return out;
        }
        if (value.isObject()) {
            List<String> joined = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : pairs(value)) {
                String k = cookieEncode(e.getKey());
                String v = cookieEncode(text(e.getValue()));
                if (explode) {
                    out.add(k + "=" + v);
                } else {
                    joined.add(k + "," + v);
                }
            }
            if (!explode && !joined.isEmpty()) {
                out.add(wire + "=" + String.join(",", joined));
            }
            return out;
        }
        out.add(wire + "=" + cookieEncode(text(value)));
        return out;
    }

    // ------------------------------------------------------------------ form bodies

    /**
     * One application/x-www-form-urlencoded field as the Python runtime writes it: nested values
     * (declared deepObject, or no style and an object or an array holding containers) in brackets,
     * {@code meta[key]=v} and {@code items[0][price]=x}; others by the query rules. {@code style}
     * "" means the spec declares none. A null is not sent.
     */
    public static void formField(
            List<String> out, String wire, Object raw, String style, boolean explode) {
        JsonNode value = ObjectMappers.toNode(raw);
        if (absent(value)) {
            return;
        }
        if (usesBrackets(style, value)) {
            bracketPairs(out, wire, value);
            return;
        }
        out.addAll(queryItems(wire, value, style.isEmpty() ? "form" : style, explode, false, null));
    }

    private static boolean usesBrackets(String style, JsonNode value) {
        if (style.equals("deepObject")) {
            return true;
        }
        if (!style.isEmpty()) {
            return false;
        }
        if (value.isObject()) {
            return true;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isObject() || item.isArray()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void bracketPairs(List<String> out, String key, JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                bracketPairs(out, key + "[" + e.getKey() + "]", e.getValue());
            }
            return;
        }
        if (value.isArray()) {
            int i = 0;
            for (JsonNode item : value) {
                bracketPairs(out, key + "[" + i++ + "]", item);
            }
            return;
        }
        out.add(quote(key, "") + "=" + quote(text(value), ""));
    }
}
