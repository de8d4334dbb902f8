// Package option holds the options a client or a single call takes.
package option

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"example.com/clash-go/internal/requestconfig"
)

// RequestOption changes how a call is made. Give them to NewClient (every call) or to one call.
type RequestOption = requestconfig.RequestOption

// Middleware sees every attempt's request and its response; call next to send it on.
type Middleware = requestconfig.Middleware

// MiddlewareNext sends a request on to the next middleware or the HTTP client.
type MiddlewareNext = requestconfig.MiddlewareNext

// WithAPIKey sets the credential the client sends.
func WithAPIKey(value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.APIKey = value
		return nil
	}
}

// WithBaseURL sets the URL that operation paths are appended to.
func WithBaseURL(base string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		u, err := url.Parse(base)
		if err != nil {
			return fmt.Errorf("option.WithBaseURL: %w", err)
		}
		if u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("option.WithBaseURL: %q is not an absolute URL", base)
		}
		cfg.BaseURL = u
		return nil
	}
}

// WithHTTPClient sets the http.Client that sends the requests (http.DefaultClient otherwise).
func WithHTTPClient(client *http.Client) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.HTTPClient = client
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (2 by default; 0: never).
func WithMaxRetries(retries int) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if retries < 0 {
			return fmt.Errorf("option.WithMaxRetries: %d is negative", retries)
		}
		cfg.MaxRetries = retries
		return nil
	}
}

// WithHeader sets a header on every attempt, replacing the value the call would send; an empty
// value removes the header.
func WithHeader(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header[http.CanonicalHeaderKey(key)] = []string{value}
		return nil
	}
}

// WithQuery sets a query parameter, sent after the operation's own; a later WithQuery of the same
// key replaces the earlier one.
func WithQuery(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		for i, kv := range cfg.ExtraQuery {
			if kv[0] == key {
				cfg.ExtraQuery[i][1] = value
				return nil
			}
		}
		cfg.ExtraQuery = append(cfg.ExtraQuery, [2]string{key, value})
		return nil
	}
}

// WithRequestTimeout limits each attempt (60 s by default; 0: no limit but the context's).
func WithRequestTimeout(timeout time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.RequestTimeout = timeout
		return nil
	}
}

// WithMiddleware adds middlewares; the first given sees the request first.
func WithMiddleware(middlewares ...Middleware) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Middlewares = append(cfg.Middlewares, middlewares...)
		return nil
	}
}
