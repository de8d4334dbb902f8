package apijson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

var fieldType = reflect.TypeOf(Field{})

// UnmarshalRoot decodes a JSON object into the struct dst points to, leniently: a property of the
// wrong type leaves its Go field at the zero value and marks it Invalid in dst's JSON metadata
// field (a struct whose fields of type Field are named like dst's fields); properties without a Go
// field go to the metadata's ExtraFields. Only a body that is not a JSON object is an error.
func UnmarshalRoot(data []byte, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("apijson: %T is not a pointer to a struct", dst)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("apijson: expected a JSON object, got %.40q", trimmed)
	}
	members, order, err := objectMembers(trimmed)
	if err != nil {
		return fmt.Errorf("apijson: %w", err)
	}
	target := v.Elem()
	meta := target.FieldByName("JSON")
	known := map[string]bool{}
	t := target.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := wireName(sf)
		if name == "" || !sf.IsExported() {
			continue
		}
		known[name] = true
		raw, present := members[name]
		status := decodeField(target.Field(i), raw, present)
		if meta.IsValid() {
			if m := meta.FieldByName(sf.Name); m.IsValid() && m.Type() == fieldType && m.CanSet() {
				m.Set(reflect.ValueOf(NewField(string(raw), status)))
			}
		}
	}
	if meta.IsValid() {
		if extra := meta.FieldByName("ExtraFields"); extra.IsValid() && extra.CanSet() {
			fields := map[string]Field{}
			for _, name := range order {
				if !known[name] {
					fields[name] = NewField(string(members[name]), Valid)
				}
			}
			extra.Set(reflect.ValueOf(fields))
		}
	}
	return nil
}

func decodeField(field reflect.Value, raw json.RawMessage, present bool) Status {
	switch {
	case !present:
		return Missing
	case bytes.Equal(raw, []byte("null")):
		field.Set(reflect.Zero(field.Type()))
		return Null
	}
	holder := reflect.New(field.Type())
	if err := json.Unmarshal(raw, holder.Interface()); err != nil {
		field.Set(reflect.Zero(field.Type()))
		return Invalid
	}
	field.Set(holder.Elem())
	return Valid
}

// objectMembers splits a JSON object into its members' raw texts; a repeated key keeps the last
// value, as encoding/json does.
func objectMembers(data []byte) (map[string]json.RawMessage, []string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	members := map[string]json.RawMessage{}
	var order []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
		}
		if _, seen := members[key]; !seen {
			order = append(order, key)
		}
		members[key] = raw
	}
	return members, order, nil
}

// wireName is the property a field holds: its whole json tag (options go in another tag,
// api:"required"), or its wire tag for a name that encoding/json would misread and go vet would
// flag in a json tag (one with a space or a comma).
func wireName(sf reflect.StructField) string {
	if name, ok := sf.Tag.Lookup("wire"); ok {
		return name
	}
	return sf.Tag.Get("json")
}
