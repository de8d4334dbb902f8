// Package apierror holds the error a call returns for a response status of 400 or more.
package apierror

import (
	"fmt"
	"net/http"
	"net/http/httputil"
)

// Error is a response with a status of 400 or more, after any retries. Match it with errors.As.
type Error struct {
	StatusCode int
	Request    *http.Request
	Response   *http.Response
	body       []byte
}

// New is the Error for a response whose body has been read.
func New(req *http.Request, res *http.Response, body []byte) *Error {
	return &Error{StatusCode: res.StatusCode, Request: req, Response: res, body: body}
}

func (r *Error) Error() string {
	return fmt.Sprintf("%s %q: %d %s %s", r.Request.Method, r.Request.URL.String(), r.StatusCode,
		http.StatusText(r.StatusCode), string(r.body))
}

// RawJSON is the response body as received.
func (r *Error) RawJSON() string { return string(r.body) }

// DumpRequest is the request as sent (without its body when body is false).
func (r *Error) DumpRequest(body bool) []byte {
	out, _ := httputil.DumpRequestOut(r.Request, body)
	return out
}

// DumpResponse is the response's status line and headers (its body: RawJSON).
func (r *Error) DumpResponse() []byte {
	out, _ := httputil.DumpResponse(r.Response, false)
	return out
}
