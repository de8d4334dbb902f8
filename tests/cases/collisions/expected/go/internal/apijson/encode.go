package apijson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"example.com/clash-go/internal/param"
)

var fieldLike = reflect.TypeOf((*param.FieldLike)(nil)).Elem()

// MarshalObject writes the struct's json-tagged param.Field members in declaration order: an
// omitted field is left out, a null one is written as null. Fields tagged for another place
// (query, header, cookie, path) have no json tag and are not written.
func MarshalObject(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("apijson: %T is not a struct", v)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	wrote := false
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := wireName(sf)
		if name == "" || !sf.IsExported() || !sf.Type.Implements(fieldLike) {
			continue
		}
		state, value := rv.Field(i).Interface().(param.FieldLike).Wire()
		if state == param.Omitted {
			continue
		}
		if wrote {
			buf.WriteByte(',')
		}
		wrote = true
		key, err := encode(name)
		if err != nil {
			return nil, err
		}
		buf.Write(key)
		buf.WriteByte(':')
		if state == param.Null {
			buf.WriteString("null")
			continue
		}
		raw, err := encode(value)
		if err != nil {
			return nil, fmt.Errorf("apijson: field %s: %w", sf.Name, err)
		}
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// HasFields reports whether any json-tagged param.Field of the struct is set (a value or null).
func HasFields(v any) bool {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if wireName(sf) == "" || !sf.IsExported() || !sf.Type.Implements(fieldLike) {
			continue
		}
		if state, _ := rv.Field(i).Interface().(param.FieldLike).Wire(); state != param.Omitted {
			return true
		}
	}
	return false
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
