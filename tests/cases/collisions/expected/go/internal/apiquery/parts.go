package apiquery

import (
	"fmt"

	"example.com/clash-go/internal/param"
)

// Parts collects what an operation's parameters put outside the body, in declaration order.
type Parts struct {
	Query   []string    // percent-encoded name=value pieces
	Headers [][2]string // name, value
	Cookies []string    // name=value pairs
}

// value is the Field's JSON data, or ok false when it is omitted or null: OpenAPI has no null
// outside a body, so a null parameter is not sent.
func value(f param.FieldLike) (any, bool, error) {
	state, v := f.Wire()
	if state == param.Omitted || state == param.Null {
		return nil, false, nil
	}
	data, err := ToValue(v)
	if err != nil {
		return nil, false, err
	}
	return data, data != nil, nil
}

// AddQuery writes a query parameter (default style form, explode true).
func (p *Parts) AddQuery(wire string, f param.FieldLike, style string, explode, allowReserved bool, mediaType string) error {
	v, ok, err := value(f)
	if err != nil || !ok {
		return err
	}
	p.Query = append(p.Query, QueryItems(wire, v, style, explode, allowReserved, mediaType)...)
	return nil
}

// AddHeader writes a header parameter (style simple).
func (p *Parts) AddHeader(wire string, f param.FieldLike, explode bool, mediaType string) error {
	v, ok, err := value(f)
	if err != nil || !ok {
		return err
	}
	p.Headers = append(p.Headers, [2]string{wire, HeaderValue(v, explode, mediaType)})
	return nil
}

// AddCookie writes a cookie parameter (style form).
func (p *Parts) AddCookie(wire string, f param.FieldLike, explode bool, mediaType string) error {
	v, ok, err := value(f)
	if err != nil || !ok {
		return err
	}
	p.Cookies = append(p.Cookies, CookiePairs(wire, v, explode, mediaType)...)
	return nil
}

// PathParam is a required path argument's text; an empty value is an error, as it would move the
// route.
func PathParam(wire string, v any, style string, explode bool, mediaType string) (string, error) {
	data, err := ToValue(v)
	if err != nil {
		return "", err
	}
	out := PathValue(wire, data, style, explode, mediaType)
	if out == "" || data == nil {
		return "", fmt.Errorf("missing required %s parameter", wire)
	}
	return out, nil
}
