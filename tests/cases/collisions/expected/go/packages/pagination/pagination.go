// Package pagination walks the pages of a list operation. A List method returns the first *Page;
// its ListAutoPaging twin returns a *PageAutoPager that yields every item of every page, fetching
// each page when the one before is used up:
//
//	iter := client.Files.ListAutoPaging(ctx, params)
//	for iter.Next() {
//		file := iter.Current()
//	}
//	if err := iter.Err(); err != nil {
//	}
//
// The next request repeats the first one (its params and options) with the cursor, offset or
// page number changed; a Link header's rel="next" URL gives the query parameters their values.
// The walk ends as the Python SDK's does: when the response says so (a has-more flag false, no
// next cursor or link, the total reached), on an empty or short page, on a cursor equal to the
// one sent, or when a page comes back byte for byte identical to the one before (a server
// ignoring the page parameter).
package pagination

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"example.com/clash-go/internal/param"
	"example.com/clash-go/option"
)

// Paging describes how an operation's pages follow each other. Response paths are JSON property
// names, outermost first; Param, Size and the second names of Query are fields of the params
// struct.
type Paging struct {
	Scheme   string   // cursor, offset, page or link
	NextFrom string   // response_field, last_item, link_header or count
	Items    []string // the items; empty: the body is the array
	// Cursor is the response's path to the next cursor (response_field) or the last item's
	// (last_item).
	Cursor  []string
	HasMore []string // a boolean: false means this is the last page
	Total   []string // all items (offset) or all pages (page)
	First   int64    // page: the first page's number when the call sends none
	Param   string   // the params field the next request changes
	Size    string   // the page-size params field: a shorter page is the last
	// Query holds the operation's query parameters (wire name, params field): a Link URL's
	// query gives them their values, and its other keys go as option.WithQuery.
	Query [][2]string
}

// Sender sends one page's request and returns its body as received (nil when empty).
type Sender[P any] func(ctx context.Context, params P, opts ...option.RequestOption) (*json.RawMessage, error)

// Page is one page of a list call: its Items, decoded, and what asking for the next one takes.
type Page[T any] struct {
	Items []T

	paging  *Paging
	raw     []byte
	items   []json.RawMessage
	res     *http.Response
	current any // the Param value this page's request sent; nil: none
	size    any
	follow  func(step) (*Page[T], error)
}

// step is what changes for the next request: Param's value, or a Link URL's query.
type step struct {
	value any
	link  string
}

// First sends a call's first request and returns its page; the generated List methods call it.
func First[T any, P any](ctx context.Context, paging *Paging, params P, send Sender[P], opts ...option.RequestOption) (*Page[T], error) {
	var res *http.Response
	// The last attempt's response (its Link header), as the client's middlewares hand it back.
	capture := option.WithMiddleware(func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		r, err := next(req)
		res = r
		return r, err
	})
	body, err := send(ctx, params, append([]option.RequestOption{capture}, opts...)...)
	if err != nil {
		return nil, err
	}
	page := &Page[T]{paging: paging, res: res}
	if body != nil {
		page.raw = []byte(*body)
	}
	page.current = fieldValue(&params, paging.Param)
	page.size = fieldValue(&params, paging.Size)
	if err := page.decode(); err != nil {
		return nil, err
	}
	page.follow = func(s step) (*Page[T], error) {
		next, nextOpts := params, append([]option.RequestOption{}, opts...)
		if s.link != "" {
			extra, err := linkQuery(&next, paging, s.link)
			if err != nil {
				return nil, err
			}
			for _, kv := range extra {
				nextOpts = append(nextOpts, option.WithQuery(kv[0], kv[1]))
			}
		} else if err := setField(&next, paging.Param, s.value); err != nil {
			return nil, err
		}
		return First[T](ctx, paging, next, send, nextOpts...)
	}
	return page, nil
}

func (r *Page[T]) decode() error {
	found, ok := lookup(r.raw, r.paging.Items)
	if !ok || json.Unmarshal(found, &r.items) != nil {
		r.items = nil
		return nil
	}
	r.Items = make([]T, len(r.items))
	for i, item := range r.items {
		if err := json.Unmarshal(item, &r.Items[i]); err != nil {
			return fmt.Errorf("pagination: decoding item %d: %w", i, err)
		}
	}
	return nil
}

// RawJSON is the page's body as received.
func (r *Page[T]) RawJSON() string {
	return string(r.raw)
}

// Response is the page's HTTP response (its body already read).
func (r *Page[T]) Response() *http.Response {
	return r.res
}

// HasNextPage says whether there is a page after this one.
func (r *Page[T]) HasNextPage() bool {
	return r.next() != nil
}

// GetNextPage fetches the page after this one; nil, nil after the last page.
func (r *Page[T]) GetNextPage() (*Page[T], error) {
	s := r.next()
	if s == nil {
		return nil, nil
	}
	return r.follow(*s)
}

func (r *Page[T]) next() *step {
	p := r.paging
	if len(p.HasMore) > 0 {
		if more, _ := get(r.raw, p.HasMore); more == false {
			return nil
		}
	}
	if p.NextFrom == "link_header" {
		if r.res == nil {
			return nil
		}
		link := NextLink(strings.Join(r.res.Header.Values("Link"), ", "))
		if link == "" {
			return nil
		}
		return &step{link: link}
	}
	if len(r.items) == 0 && p.NextFrom != "response_field" {
		return nil
	}
	if p.NextFrom == "response_field" || p.NextFrom == "last_item" {
		source := r.raw
		if p.NextFrom == "last_item" {
			source = r.items[len(r.items)-1]
		}
		cursor, _ := get(source, p.Cursor)
		// A repeated cursor would fetch the same page forever.
		if cursor == nil || cursor == "" || same(cursor, r.current) {
			return nil
		}
		return &step{value: cursor}
	}
	if size, ok := integer(r.size); ok && int64(len(r.items)) < size {
		return nil
	}
	if p.Scheme == "offset" {
		start, _ := integer(r.current)
		following := start + int64(len(r.items))
		if len(p.Total) > 0 {
			total, _ := get(r.raw, p.Total)
			if n, ok := integer(total); ok && following >= n {
				return nil
			}
		}
		return &step{value: following}
	}
	number, ok := integer(r.current)
	if !ok {
		number = p.First
	}
	if len(p.Total) > 0 {
		pages, _ := get(r.raw, p.Total)
		if n, ok := integer(pages); ok && number-p.First+1 >= n {
			return nil
		}
	}
	return &step{value: number + 1}
}

// PageAutoPager yields every item from a first page to the last one.
type PageAutoPager[T any] struct {
	page  *Page[T]
	idx   int
	index int
	cur   T
	err   error
}

// NewPageAutoPager walks from page; err is the first page's error (then Next is false and Err
// is err), so a List call's two results can be passed as they are.
func NewPageAutoPager[T any](page *Page[T], err error) *PageAutoPager[T] {
	return &PageAutoPager[T]{page: page, err: err, index: -1}
}

// Next moves to the next item, fetching the next page when this one is used up; false at the
// end or on an error (see Err).
func (r *PageAutoPager[T]) Next() bool {
	for r.page != nil && r.err == nil {
		if r.idx < len(r.page.Items) {
			r.cur = r.page.Items[r.idx]
			r.idx++
			r.index++
			return true
		}
		following, err := r.page.GetNextPage()
		switch {
		case err != nil:
			r.err = err
		case following == nil || bytes.Equal(following.raw, r.page.raw):
			// The last page, or a page served again: its items are not yielded twice.
			r.page = nil
		default:
			r.page, r.idx = following, 0
		}
	}
	return false
}

// Current is the item Next moved to.
func (r *PageAutoPager[T]) Current() T {
	return r.cur
}

// Err is the error that ended the walk, if any.
func (r *PageAutoPager[T]) Err() error {
	return r.err
}

// Index is the position of Current among all the items, counting from 0 (-1 before Next).
func (r *PageAutoPager[T]) Index() int {
	return r.index
}

// lookup is the raw JSON at path in data; false when a level is missing, null or not an object.
func lookup(data []byte, path []string) (json.RawMessage, bool) {
	current := json.RawMessage(bytes.TrimSpace(data))
	for _, name := range path {
		var members map[string]json.RawMessage
		if len(current) == 0 || current[0] != '{' || json.Unmarshal(current, &members) != nil {
			return nil, false
		}
		next, ok := members[name]
		if !ok {
			return nil, false
		}
		current = json.RawMessage(bytes.TrimSpace(next))
	}
	if len(current) == 0 || string(current) == "null" {
		return nil, false
	}
	return current, true
}

// get is the value at path (numbers as json.Number); nil when missing or null.
func get(data []byte, path []string) (any, bool) {
	raw, ok := lookup(data, path)
	if !ok {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	return v, true
}

// integer is v as an integer: a Go integer, or a JSON number without a fraction.
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(string(n), 10, 64)
		return i, err == nil
	case nil, bool, string, float32, float64:
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(rv.Uint()), true
	}
	return 0, false
}

// same says whether a cursor equals the value sent: a string the same string, a number the same
// integer.
func same(cursor, sent any) bool {
	if sent == nil {
		return false
	}
	c, cIsString := cursor.(string)
	s, sIsString := sent.(string)
	if cIsString || sIsString {
		return cIsString && sIsString && c == s
	}
	ci, ok1 := integer(cursor)
	si, ok2 := integer(sent)
	return ok1 && ok2 && ci == si
}

// fieldValue is what the params field name sends: its value or raw value; nil when it is
// omitted or null (or there is no such field).
func fieldValue(params any, name string) any {
	if name == "" {
		return nil
	}
	v := reflect.ValueOf(params).Elem()
	if v.Kind() != reflect.Struct {
		return nil
	}
	f := v.FieldByName(name)
	if !f.IsValid() {
		return nil
	}
	like, ok := f.Interface().(param.FieldLike)
	if !ok {
		return nil
	}
	state, value := like.Wire()
	if state == param.Omitted || state == param.Null {
		return nil
	}
	return value
}

// setField sets the params field name (a param.Field[V]) to value: as its Value when value is
// of V's kind (a cursor string for a string, a number for an integer), else as its Raw value, so
// the wire carries what the response gave.
func setField(params any, name string, value any) error {
	v := reflect.ValueOf(params).Elem()
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Struct {
		return fmt.Errorf("pagination: the params have no field %s", name)
	}
	fresh := reflect.New(f.Type()).Elem()
	fresh.FieldByName("Present").SetBool(true)
	if converted, ok := convert(value, fresh.FieldByName("Value").Type()); ok {
		fresh.FieldByName("Value").Set(converted)
	} else {
		fresh.FieldByName("Raw").Set(reflect.ValueOf(value))
	}
	f.Set(fresh)
	return nil
}

func convert(value any, t reflect.Type) (reflect.Value, bool) {
	out := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		if s, ok := value.(string); ok {
			out.SetString(s)
			return out, true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i, ok := integer(value); ok && !out.OverflowInt(i) {
			out.SetInt(i)
			return out, true
		}
	case reflect.Float32, reflect.Float64:
		if n, ok := value.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				out.SetFloat(f)
				return out, true
			}
		}
	case reflect.Interface:
		if reflect.TypeOf(value).AssignableTo(t) {
			out.Set(reflect.ValueOf(value))
			return out, true
		}
	}
	return out, false
}

// linkQuery gives the operation's query parameters the values of the next URL's query (the
// request stays on the client's base URL and the operation's path) and returns the other keys
// in order (option.WithQuery keeps a key once, with its last value, as Python's extra_query).
func linkQuery(params any, paging *Paging, link string) ([][2]string, error) {
	fields := map[string]string{}
	for _, kv := range paging.Query {
		fields[kv[0]] = kv[1]
	}
	var extra [][2]string
	for _, kv := range parseQuery(link) {
		if field, ok := fields[kv[0]]; ok {
			if err := setField(params, field, kv[1]); err != nil {
				return nil, err
			}
		} else {
			extra = append(extra, kv)
		}
	}
	return extra, nil
}

// parseQuery is a URL's query as (key, value) pairs in order ('+' is a space, a key without '='
// has an empty value), as Python's parse_qsl reads it.
func parseQuery(link string) [][2]string {
	raw := link
	if u, err := url.Parse(link); err == nil {
		raw = u.RawQuery
	} else if i := strings.IndexByte(link, '?'); i >= 0 {
		raw = link[i+1:]
	}
	var out [][2]string
	for _, piece := range strings.Split(raw, "&") {
		if piece == "" {
			continue
		}
		key, value, _ := strings.Cut(piece, "=")
		k, err1 := url.QueryUnescape(key)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil {
			k = key
		}
		if err2 != nil {
			v = value
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

var (
	linkValue = regexp.MustCompile(`<([^>]*)>\s*((?:;\s*[^;,]*)*)`)
	linkRel   = regexp.MustCompile(`(?i);\s*rel\s*=\s*"?([^";]*)"?`)
)

// NextLink is the rel="next" URL of a Link header (RFC 8288); "" when there is none.
func NextLink(header string) string {
	for _, m := range linkValue.FindAllStringSubmatch(header, -1) {
		for _, rel := range linkRel.FindAllStringSubmatch(m[2], -1) {
			for _, word := range strings.Fields(strings.ToLower(rel[1])) {
				if word == "next" {
					return m[1]
				}
			}
		}
	}
	return ""
}
