package com.llamacloud_prod.api.errors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A response with a status of 400 or more, after any retries. */
public abstract class LlamaCloudServiceException extends LlamaCloudException {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    protected LlamaCloudServiceException(
            int statusCode, Map<String, List<String>> headers, byte[] body) {
        super(message(statusCode, body));
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The response's headers; names match case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The response body as text (UTF-8). */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The exception for a response status of 400 or more. */
    public static LlamaCloudServiceException of(
            int statusCode, Map<String, List<String>> headers, byte[] body) {
        switch (statusCode) {
            case 400:
                return new BadRequestException(headers, body);
            case 401:
                return new UnauthorizedException(headers, body);
            case 403:
                return new PermissionDeniedException(headers, body);
            case 404:
                return new NotFoundException(headers, body);
            case 422:
                return new UnprocessableEntityException(headers, body);
            case 429:
                return new RateLimitException(headers, body);
            default:
                if (statusCode >= 500) {
                    return new InternalServerException(statusCode, headers, body);
                }
                return new UnexpectedStatusCodeException(statusCode, headers, body);
        }
    }

    private static String message(int statusCode, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        return text.isEmpty() ? "status " + statusCode : "status " + statusCode + ": " + text;
    }
}
