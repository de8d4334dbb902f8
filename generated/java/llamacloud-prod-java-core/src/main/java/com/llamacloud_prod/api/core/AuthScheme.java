package com.llamacloud_prod.api.core;

/** How one security scheme's credential travels. */
public final class AuthScheme {
    /** bearer, basic, header, query, cookie or none. */
    final String kind;

    /** The header, query or cookie name. */
    final String param;

    public AuthScheme(String kind, String param) {
        this.kind = kind;
        this.param = param;
    }
}
