// Package apijson encodes request parameters (omitted, null or a value each) and decodes responses
// leniently, recording for every field whether it was missing, null, invalid or valid.
package apijson

// Status says what a response field held.
type Status uint8

const (
	Missing Status = iota // absent from the JSON object
	Null                  // present as null
	Invalid               // present, but not of the field's type (the Go field keeps its zero value)
	Valid                 // present and decoded
)

// Field is one response field's metadata: its status and its raw JSON text.
type Field struct {
	raw    string
	status Status
}

// NewField is a Field as the decoder records it.
func NewField(raw string, status Status) Field { return Field{raw: raw, status: status} }

func (f Field) IsMissing() bool { return f.status == Missing }
func (f Field) IsNull() bool    { return f.status == Null }
func (f Field) IsInvalid() bool { return f.status == Invalid }
func (f Field) IsValid() bool   { return f.status == Valid }

// Raw is the field's JSON text as received ("" when missing).
func (f Field) Raw() string { return f.raw }

// Status is the field's status.
func (f Field) Status() Status { return f.status }
