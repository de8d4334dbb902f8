package apiquery

import (
	"regexp"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// CookieSafe is RFC 6265's cookie-octets that need no escaping.
const CookieSafe = "!#$%&'()*+-./:<=>?@[]^_`{|}~"

// reservedKept is what allowReserved leaves as it is: RFC 3986's reserved characters except those a
// query string cannot hold literally (OpenAPI 3.1.2, Appendix C).
const reservedKept = ":/?@!$'()*,;"

var triple = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// Quote percent-encodes every byte of s's UTF-8 except the unreserved ones and those in safe.
func Quote(s, safe string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || (c < 0x80 && strings.IndexByte(safe, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func pathEncode(s string, label bool) string {
	out := Quote(s, "")
	if label {
		// "." is unreserved, but in a label it is the delimiter.
		return strings.ReplaceAll(out, ".", "%2E")
	}
	return out
}

func queryEncode(s string, allowReserved bool) string {
	if !allowReserved {
		return Quote(s, "")
	}
	// Reserved expansion: reserved characters and existing %XX triples pass through unchanged.
	var b strings.Builder
	last := 0
	for _, m := range triple.FindAllStringIndex(s, -1) {
		b.WriteString(Quote(s[last:m[0]], reservedKept))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(Quote(s[last:], reservedKept))
	return b.String()
}

func cookieEncode(s string) string {
	return Quote(s, CookieSafe)
}
