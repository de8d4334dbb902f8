// Package requestconfig builds, sends and retries one call: the options, the URL, the headers and
// the retry policy shared with the Python SDK's runtime.
package requestconfig

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"example.com/clash-go/internal/apierror"
	"example.com/clash-go/internal/apiquery"
)

const (
	DefaultMaxRetries     = 2
	DefaultRequestTimeout = 60 * time.Second
	initialRetryDelay     = 500 * time.Millisecond
	maxRetryDelay         = 8 * time.Second
	maxRetryAfter         = 60 * time.Second
	retryCountHeader      = "X-Retry-Count"
)

// MiddlewareNext sends the request on: to the next middleware or to the HTTP client.
type MiddlewareNext = func(*http.Request) (*http.Response, error)

// Middleware sees every attempt's request and its response.
type Middleware = func(*http.Request, MiddlewareNext) (*http.Response, error)

// RequestConfig is everything one call is made of; options change it before it is sent.
type RequestConfig struct {
	Method         string
	Path           string
	BaseURL        *url.URL
	APIKey         string
	Auth           Auth // the security schemes and what the call sends (auth.go)
	HTTPClient     *http.Client
	MaxRetries     int
	RequestTimeout time.Duration
	Middlewares    []Middleware
	Header         http.Header
	// ExtraQuery holds WithQuery's keys and values, sent after the operation's own parameters.
	ExtraQuery [][2]string
	UserAgent  string
	Parts      apiquery.Parts
	Body       []byte // nil: no body
	// ContentType is sent with Body.
	ContentType string
}

// RequestOption changes a RequestConfig.
type RequestOption = func(*RequestConfig) error

// New is a RequestConfig with the defaults, then opts applied in order.
func New(method, path string, opts ...RequestOption) (*RequestConfig, error) {
	cfg := &RequestConfig{
		Method:         method,
		Path:           path,
		HTTPClient:     http.DefaultClient,
		MaxRetries:     DefaultMaxRetries,
		RequestTimeout: DefaultRequestTimeout,
		Header:         http.Header{},
	}
	for _, opt := range opts {
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// URL is the request's URL: the base URL, the path and the query pieces as encoded.
func (cfg *RequestConfig) URL() (string, error) {
	if cfg.BaseURL == nil {
		return "", errors.New("requestconfig: no base URL")
	}
	base := strings.TrimRight(cfg.BaseURL.String(), "/")
	out := base + "/" + strings.TrimLeft(cfg.Path, "/")
	// The credentials first, then the operation's parameters, then WithQuery's, as the Python
	// runtime orders them.
	query := cfg.credentials().query
	query = append(query, cfg.Parts.Query...)
	for _, kv := range cfg.ExtraQuery {
		query = append(query, apiquery.LooseQueryItems(kv[0], kv[1], false)...)
	}
	if len(query) > 0 {
		out += "?" + strings.Join(query, "&")
	}
	return out, nil
}

func (cfg *RequestConfig) newRequest(ctx context.Context, retries int) (*http.Request, error) {
	target, err := cfg.URL()
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if cfg.Body != nil {
		body = bytes.NewReader(cfg.Body)
	}
	req, err := http.NewRequestWithContext(ctx, cfg.Method, target, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if cfg.UserAgent != "" {
		req.Header.Set("User-Agent", cfg.UserAgent)
	}
	if cfg.Body != nil && cfg.ContentType != "" {
		req.Header.Set("Content-Type", cfg.ContentType)
	}
	placed := cfg.credentials()
	for _, kv := range placed.headers {
		req.Header.Set(kv[0], kv[1])
	}
	for _, kv := range cfg.Parts.Headers {
		req.Header.Set(kv[0], kv[1])
	}
	cookies := append(placed.cookies, cfg.Parts.Cookies...)
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	// WithHeader's values come last: they replace what the call set (an empty value removes it).
	for name, values := range cfg.Header {
		if len(values) == 1 && values[0] == "" {
			req.Header.Del(name)
			continue
		}
		req.Header[name] = values
	}
	if req.Header.Get(retryCountHeader) == "" {
		req.Header.Set(retryCountHeader, strconv.Itoa(retries))
	}
	return req, nil
}

// Execute sends the call, retrying as the policy says, and decodes a success body into dst (a
// pointer; nil to discard the body). A status of 400 or more is an *apierror.Error.
func (cfg *RequestConfig) Execute(ctx context.Context, dst any) error {
	if ctx == nil {
		ctx = context.Background()
	}
	for retries := 0; ; retries++ {
		res, req, cancel, err := cfg.attempt(ctx, retries)
		if err != nil {
			cancel()
			if ctx.Err() != nil || retries >= cfg.MaxRetries {
				return err
			}
			if err := cfg.sleep(ctx, retries, nil); err != nil {
				return err
			}
			continue
		}
		if retries < cfg.MaxRetries && shouldRetry(res) {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			cancel()
			if err := cfg.sleep(ctx, retries, res.Header); err != nil {
				return err
			}
			continue
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		cancel()
		if err != nil {
			return fmt.Errorf("reading the response body: %w", err)
		}
		if res.StatusCode >= 400 {
			return apierror.New(req, res, body)
		}
		if dst == nil || len(bytes.TrimSpace(body)) == 0 {
			return nil
		}
		if raw, ok := dst.(*[]byte); ok {
			*raw = body
			return nil
		}
		if err := json.Unmarshal(body, dst); err != nil {
			return fmt.Errorf("decoding the response: %w", err)
		}
		return nil
	}
}

func (cfg *RequestConfig) attempt(ctx context.Context, retries int) (*http.Response, *http.Request, context.CancelFunc, error) {
	cancel := context.CancelFunc(func() {})
	if cfg.RequestTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, cfg.RequestTimeout)
	}
	req, err := cfg.newRequest(ctx, retries)
	if err != nil {
		return nil, nil, cancel, err
	}
	send := MiddlewareNext(cfg.HTTPClient.Do)
	for i := len(cfg.Middlewares) - 1; i >= 0; i-- {
		mw, next := cfg.Middlewares[i], send
		send = func(r *http.Request) (*http.Response, error) { return mw(r, next) }
	}
	res, err := send(req)
	return res, req, cancel, err
}

func (cfg *RequestConfig) sleep(ctx context.Context, retries int, header http.Header) error {
	delay := RetryDelay(retries, header)
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// shouldRetry: x-should-retry decides when present; else 408, 409, 429 and 5xx are retried.
func shouldRetry(res *http.Response) bool {
	switch strings.ToLower(strings.TrimSpace(res.Header.Get("X-Should-Retry"))) {
	case "true":
		return true
	case "false":
		return false
	}
	code := res.StatusCode
	return code == 408 || code == 409 || code == 429 || code >= 500
}

// RetryDelay is the wait before retry number retries+1: the server's Retry-After-Ms or
// Retry-After (seconds or an HTTP date) when in (0, 60] s; else 0.5 s * 2^n capped at 8 s, minus
// up to 25 % random jitter.
func RetryDelay(retries int, header http.Header) time.Duration {
	if asked, ok := retryAfter(header); ok && asked > 0 && asked <= maxRetryAfter {
		return asked
	}
	backoff := float64(initialRetryDelay) * float64(uint64(1)<<uint(min(retries, 16)))
	if backoff > float64(maxRetryDelay) {
		backoff = float64(maxRetryDelay)
	}
	return time.Duration(backoff * (1 - 0.25*rand.Float64()))
}

func retryAfter(header http.Header) (time.Duration, bool) {
	if header == nil {
		return 0, false
	}
	if ms := header.Get("Retry-After-Ms"); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil {
			return time.Duration(v * float64(time.Millisecond)), true
		}
	}
	after := header.Get("Retry-After")
	if after == "" {
		return 0, false
	}
	if v, err := strconv.ParseFloat(after, 64); err == nil {
		return time.Duration(v * float64(time.Second)), true
	}
	if when, err := http.ParseTime(after); err == nil {
		return time.Until(when), true
	}
	return 0, false
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
