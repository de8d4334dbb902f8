// Package param holds the request parameter wrapper: a value, an explicit null, or nothing.
package param

// State says how a Field goes on the wire.
type State int

const (
	// Omitted: the zero Field; the parameter is not sent at all.
	Omitted State = iota
	// Null: sent as JSON null (in a query, header or cookie: not sent, as OpenAPI has no null there).
	Null
	// Value: sent as Field.Value.
	Value
	// Raw: sent as Field.Raw, whatever its type, instead of Value.
	Raw
)

// Field is one optional request parameter. Build it with the package's F, Null or Raw helpers;
// the zero Field is omitted from the request.
type Field[T any] struct {
	Value T
	Null  bool
	// Present is true for a value, a null or a raw value: false only for an omitted parameter.
	Present bool
	Raw     any
}

// Wire reports the Field's state and the value to send (nil unless Value or Raw).
func (f Field[T]) Wire() (State, any) {
	switch {
	case !f.Present:
		return Omitted, nil
	case f.Null:
		return Null, nil
	case f.Raw != nil:
		return Raw, f.Raw
	default:
		return Value, f.Value
	}
}

// String shows the value, "null", or "" for an omitted Field (for debugging output).
func (f Field[T]) String() string {
	state, v := f.Wire()
	switch state {
	case Omitted:
		return ""
	case Null:
		return "null"
	}
	return fmtValue(v)
}

// FieldLike is any Field, whatever its T: the encoders look for it.
type FieldLike interface {
	Wire() (State, any)
}
