// Package apiquery writes parameter values on the wire by OpenAPI's style and explode rules: the
// same rules, and the same output, as the Python SDK's runtime (_styles.py).
package apiquery

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Pair is one member of an Object: the values keep the order the encoder wrote them in (url.Values
// would sort them).
type Pair struct {
	Key   string
	Value any
}

// Object is a JSON object with its members in order.
type Object []Pair

// MarshalJSON writes the members in order, compact, without HTML escaping.
func (o Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, p := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, err := compact(p.Key)
		if err != nil {
			return nil, err
		}
		buf.Write(key)
		buf.WriteByte(':')
		value, err := compact(p.Value)
		if err != nil {
			return nil, err
		}
		buf.Write(value)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func compact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// ToValue turns any Go value into plain JSON data: nil, bool, json.Number, string, []any or
// Object. The value goes through its JSON encoding, so a parameter is written from exactly what
// the body encoder would send for it.
func ToValue(v any) (any, error) {
	raw, err := compact(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	out, err := decodeValue(dec)
	if err != nil {
		return nil, fmt.Errorf("apiquery: %w", err)
	}
	return out, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			items := []any{}
			for dec.More() {
				item, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				items = append(items, item)
			}
			_, err := dec.Token()
			return items, err
		case '{':
			obj := Object{}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				item, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, Pair{Key: keyTok.(string), Value: item})
			}
			_, err := dec.Token()
			return obj, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

// text is one scalar as text; nested containers have no OpenAPI spelling, so JSON keeps them whole.
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case bool:
		if t {
			return "true"
		}
		return "false"
	case string:
		return t
	case json.Number:
		return t.String()
	default:
		raw, err := compact(t)
		if err != nil {
			return fmt.Sprint(t)
		}
		return string(raw)
	}
}

// items is an array's members without the undefined (null) ones.
func items(v []any) []any {
	out := make([]any, 0, len(v))
	for _, item := range v {
		if item != nil {
			out = append(out, item)
		}
	}
	return out
}

// pairs is an object's members without the undefined (null) values.
func pairs(o Object) Object {
	out := make(Object, 0, len(o))
	for _, p := range o {
		if p.Value != nil {
			out = append(out, p)
		}
	}
	return out
}
