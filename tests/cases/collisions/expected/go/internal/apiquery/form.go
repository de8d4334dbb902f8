package apiquery

import (
	"example.com/clash-go/internal/param"
)

// AddFormField writes one application/x-www-form-urlencoded field as the Python runtime does
// (_body.py, _forms.py): nested values (declared deepObject, or no style and an object or an array
// holding containers) in brackets, meta[key]=v and items[0][price]=x; others by the query rules.
// style "" means the spec declares none; explode is then form's (true). A null is not sent.
func AddFormField(dst *[]string, wire string, f param.FieldLike, style string, explode bool) error {
	data, ok, err := value(f)
	if err != nil || !ok {
		return err
	}
	if usesBrackets(style, data) {
		for _, pair := range bracketPairs(wire, data) {
			*dst = append(*dst, Quote(pair[0], "")+"="+Quote(pair[1], ""))
		}
		return nil
	}
	if style == "" {
		style = "form"
	}
	*dst = append(*dst, QueryItems(wire, data, style, explode, false, "")...)
	return nil
}

func usesBrackets(style string, data any) bool {
	if style == "deepObject" {
		return true
	}
	if style != "" {
		return false
	}
	switch v := data.(type) {
	case Object:
		return true
	case []any:
		for _, item := range v {
			switch item.(type) {
			case Object, []any:
				return true
			}
		}
	}
	return false
}

func bracketPairs(key string, data any) [][2]string {
	switch v := data.(type) {
	case nil:
		return nil
	case Object:
		var out [][2]string
		for _, p := range v {
			out = append(out, bracketPairs(key+"["+p.Key+"]", p.Value)...)
		}
		return out
	case []any:
		var out [][2]string
		for i, item := range v {
			out = append(out, bracketPairs(key+"["+itoa(i)+"]", item)...)
		}
		return out
	}
	return [][2]string{{key, text(data)}}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var digits []byte
	for ; i > 0; i /= 10 {
		digits = append([]byte{byte('0' + i%10)}, digits...)
	}
	return string(digits)
}
