package apiquery

import (
	"strings"
)

var queryDelimiters = map[string]string{"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}

// ContentText is a content-described parameter's value as its media type's text: compact JSON for
// JSON types, else the value's own text. asciiOnly escapes non-ASCII as \uXXXX (for headers).
func ContentText(value any, mediaType string, asciiOnly bool) string {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	if base == "application/json" || strings.HasSuffix(base, "+json") {
		raw, err := compact(value)
		if err != nil {
			return ""
		}
		if asciiOnly {
			return asciiJSON(string(raw))
		}
		return string(raw)
	}
	return text(value)
}

func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		for _, unit := range utf16Units(r) {
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte("0123456789abcdef"[(unit>>uint(shift))&15])
			}
		}
	}
	return b.String()
}

func utf16Units(r rune) []rune {
	if r < 0x10000 {
		return []rune{r}
	}
	r -= 0x10000
	return []rune{0xD800 + (r>>10)&0x3FF, 0xDC00 + r&0x3FF}
}

// PathValue is the text that replaces {wire} in the path. A result made only of dots is encoded
// too: "." or ".." would otherwise move the route.
func PathValue(wire string, value any, style string, explode bool, mediaType string) string {
	var out string
	switch {
	case mediaType != "":
		out = pathEncode(ContentText(value, mediaType, false), false)
	case style == "label":
		sep := ","
		if explode {
			sep = "."
		}
		out = "." + joined(value, explode, sep, true)
	case style == "matrix":
		out = matrix(Quote(wire, ""), value, explode)
	default:
		out = joined(value, explode, ",", false)
	}
	if out != "" && strings.Trim(out, ".") == "" {
		out = strings.ReplaceAll(out, ".", "%2E")
	}
	return out
}

func joined(value any, explode bool, sep string, label bool) string {
	switch v := value.(type) {
	case []any:
		parts := []string{}
		for _, item := range items(v) {
			parts = append(parts, pathEncode(text(item), label))
		}
		return strings.Join(parts, sep)
	case Object:
		inner := ","
		if explode {
			inner = "="
		}
		parts := []string{}
		for _, p := range pairs(v) {
			parts = append(parts, pathEncode(p.Key, label)+inner+pathEncode(text(p.Value), label))
		}
		return strings.Join(parts, sep)
	}
	return pathEncode(text(value), label)
}

func matrix(name string, value any, explode bool) string {
	switch v := value.(type) {
	case []any:
		parts := []string{}
		for _, item := range items(v) {
			parts = append(parts, pathEncode(text(item), false))
		}
		if explode {
			var b strings.Builder
			for _, part := range parts {
				b.WriteString(";" + name + "=" + part)
			}
			return b.String()
		}
		return ";" + name + "=" + strings.Join(parts, ",")
	case Object:
		var b strings.Builder
		parts := []string{}
		for _, p := range pairs(v) {
			k, t := pathEncode(p.Key, false), pathEncode(text(p.Value), false)
			if explode {
				b.WriteString(";" + k + "=" + t)
			}
			parts = append(parts, k+","+t)
		}
		if explode {
			return b.String()
		}
		return ";" + name + "=" + strings.Join(parts, ",")
	}
	t := pathEncode(text(value), false)
	if t == "" {
		// RFC 6570: an empty string is the bare name, no "=".
		return ";" + name
	}
	return ";" + name + "=" + t
}

// QueryItems is one query parameter's name=value pieces, each already percent-encoded.
func QueryItems(wire string, value any, style string, explode, allowReserved bool, mediaType string) []string {
	if value == nil {
		return nil
	}
	key := Quote(wire, "")
	encode := func(s string) string { return queryEncode(s, allowReserved) }
	if mediaType != "" {
		return []string{key + "=" + encode(ContentText(value, mediaType, false))}
	}
	if obj, ok := value.(Object); ok && style == "deepObject" {
		return LooseQueryItems(wire, obj, allowReserved)
	}
	switch v := value.(type) {
	case []any:
		parts := []string{}
		for _, item := range items(v) {
			parts = append(parts, encode(text(item)))
		}
		if len(parts) == 0 {
			return nil
		}
		delim, delimited := queryDelimiters[style]
		if explode || !delimited {
			out := make([]string, len(parts))
			for i, part := range parts {
				out[i] = key + "=" + part
			}
			return out
		}
		return []string{key + "=" + strings.Join(parts, delim)}
	case Object:
		kept := pairs(v)
		if len(kept) == 0 {
			return nil
		}
		if explode {
			out := make([]string, len(kept))
			for i, p := range kept {
				out[i] = encode(p.Key) + "=" + encode(text(p.Value))
			}
			return out
		}
		sep, ok := queryDelimiters[style]
		if !ok {
			sep = ","
		}
		parts := make([]string, len(kept))
		for i, p := range kept {
			parts[i] = encode(p.Key) + sep + encode(text(p.Value))
		}
		return []string{key + "=" + strings.Join(parts, sep)}
	}
	return []string{key + "=" + encode(text(value))}
}

// LooseQueryItems is for values without a declared style (WithQuery) and for deepObject: arrays
// repeat the key, objects nest as key[sub].
func LooseQueryItems(key string, value any, allowReserved bool) []string {
	switch v := value.(type) {
	case nil:
		return nil
	case Object:
		out := []string{}
		for _, p := range pairs(v) {
			out = append(out, LooseQueryItems(key+"["+p.Key+"]", p.Value, allowReserved)...)
		}
		return out
	case []any:
		name := Quote(key, "")
		out := []string{}
		for _, item := range items(v) {
			out = append(out, name+"="+queryEncode(text(item), allowReserved))
		}
		return out
	}
	return []string{Quote(key, "") + "=" + queryEncode(text(value), allowReserved)}
}

// HeaderValue is the simple style, not percent-encoded: a header carries the text as it is.
func HeaderValue(value any, explode bool, mediaType string) string {
	if mediaType != "" {
		return ContentText(value, mediaType, true)
	}
	switch v := value.(type) {
	case []any:
		parts := []string{}
		for _, item := range items(v) {
			parts = append(parts, text(item))
		}
		return strings.Join(parts, ",")
	case Object:
		inner := ","
		if explode {
			inner = "="
		}
		parts := []string{}
		for _, p := range pairs(v) {
			parts = append(parts, p.Key+inner+text(p.Value))
		}
		return strings.Join(parts, ",")
	}
	return text(value)
}

// CookiePairs is the form style for a cookie: exploded values become separate name=value cookies
// (joined with "; " in the Cookie header), unexploded ones join with ",".
func CookiePairs(wire string, value any, explode bool, mediaType string) []string {
	if mediaType != "" {
		return []string{wire + "=" + cookieEncode(ContentText(value, mediaType, false))}
	}
	switch v := value.(type) {
	case []any:
		parts := []string{}
		for _, item := range items(v) {
			parts = append(parts, cookieEncode(text(item)))
		}
		if explode {
			out := make([]string, len(parts))
			for i, part := range parts {
				out[i] = wire + "=" + part
			}
			return out
		}
		if len(parts) == 0 {
			return nil
		}
		return []string{wire + "=" + strings.Join(parts, ",")}
	case Object:
		kept := pairs(v)
		out := []string{}
		joinedPairs := []string{}
		for _, p := range kept {
			k, t := cookieEncode(p.Key), cookieEncode(text(p.Value))
			out = append(out, k+"="+t)
			joinedPairs = append(joinedPairs, k+","+t)
		}
		if explode {
			return out
		}
		if len(kept) == 0 {
			return nil
		}
		return []string{wire + "=" + strings.Join(joinedPairs, ",")}
	}
	return []string{wire + "=" + cookieEncode(text(value))}
}
