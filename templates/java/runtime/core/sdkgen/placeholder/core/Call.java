package sdkgen.placeholder.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation call sends, as the generated service writes it: method, encoded path, query
 * pieces, headers, cookies, body and the security requirement sets it accepts.
 */
public final class Call {
    final String method;
    final String path;
    final List<String> query = new ArrayList<>();
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    final List<String> cookies = new ArrayList<>();
    private final List<String> form = new ArrayList<>();
    byte[] body;
    String contentType;
    String[][] security;

    public Call(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** A query parameter in {@code form} style, exploded. */
    public Call query(String name, Object value) {
        return query(name, value, "form", true, false, null);
    }

    /** A query parameter in the given style ({@code mediaType}: its content's, or null). */
    public Call query(
            String name,
            Object value,
            String style,
            boolean explode,
            boolean allowReserved,
            String mediaType) {
        query.addAll(Styles.queryItems(name, value, style, explode, allowReserved, mediaType));
        return this;
    }

    /** A header in {@code simple} style; none when the value is missing or null. */
    public Call header(String name, Object value) {
        return header(name, value, "simple", false, null);
    }

    public Call header(String name, Object value, String style, boolean explode, String mediaType) {
        String text = Styles.headerValue(value, explode, mediaType);
        if (text != null) {
            headers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, text));
        }
        return this;
    }

    /** A cookie in {@code form} style, exploded. */
    public Call cookie(String name, Object value) {
        return cookie(name, value, "form", true, null);
    }

    public Call cookie(String name, Object value, String style, boolean explode, String mediaType) {
        cookies.addAll(Styles.cookiePairs(name, value, explode, mediaType));
        return this;
    }

    /** A JSON body; none when {@code node} is missing (no body field was set). */
    public Call jsonBody(JsonNode node, boolean required) {
        if (node != null && (!node.isMissingNode() || required)) {
            body = ObjectMappers.write(node.isMissingNode() ? ObjectMappers.emptyObject() : node);
            contentType = "application/json";
        }
        return this;
    }

    /** One field of a form body (style "" when the spec declares none); null is not sent. */
    public Call formField(String name, Object value, String style, boolean explode) {
        Styles.formField(form, name, value, style, explode);
        return this;
    }

    /** The form fields added as the body; none when none was set, unless it is required. */
    public Call formBody(String type, boolean required) {
        if (!form.isEmpty() || required) {
            body = String.join("&", form).getBytes(StandardCharsets.UTF_8);
            contentType = type;
        }
        return this;
    }

    /** A text body (UTF-8); none when the field is missing, unless the body is required. */
    public Call textBody(JsonField<String> field, String type, boolean required) {
        Optional<String> text = field.asKnown();
        if (text.isPresent() || required) {
            body = text.orElse("").getBytes(StandardCharsets.UTF_8);
            // The bytes are UTF-8: said so unless the media type already names a charset.
            contentType =
                    type.toLowerCase(java.util.Locale.ROOT).contains("charset=")
                            ? type
                            : type + "; charset=utf-8";
        }
        return this;
    }

    /** A body of bytes sent as they are; none when the field is missing, unless required. */
    public Call binaryBody(JsonField<byte[]> field, String type, boolean required) {
        Optional<byte[]> bytes = field.asKnown();
        if (bytes.isPresent() || required) {
            body = bytes.orElse(new byte[0]);
            contentType = type;
        }
        return this;
    }

    /**
     * The requirement sets the operation accepts, in the spec's order, as scheme names: the first
     * whose credentials are all set is sent; an empty array sends none. Not called: the client's
     * primary scheme alone.
     */
    public Call security(String[][] sets) {
        security = sets;
        return this;
    }
}
