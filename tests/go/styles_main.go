// Runs the Go SDK's parameter styles on the cases read from stdin (a JSON list) and prints the
// results as a JSON list, for tests/test_go_styles.py to compare with the Python runtime's.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sdkmodule/internal/apiquery"
)

type testCase struct {
	Fn            string          `json:"fn"`
	Wire          string          `json:"wire"`
	Value         json.RawMessage `json:"value"`
	Style         string          `json:"style"`
	Explode       bool            `json:"explode"`
	AllowReserved bool            `json:"allow_reserved"`
	Media         string          `json:"media"`
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]any, len(cases))
	for i, c := range cases {
		value, err := apiquery.ToValue(c.Value)
		if err != nil {
			panic(err)
		}
		switch c.Fn {
		case "path":
			out[i] = apiquery.PathValue(c.Wire, value, c.Style, c.Explode, c.Media)
		case "query":
			out[i] = nonNil(apiquery.QueryItems(c.Wire, value, c.Style, c.Explode, c.AllowReserved, c.Media))
		case "header":
			out[i] = apiquery.HeaderValue(value, c.Explode, c.Media)
		case "cookie":
			out[i] = nonNil(apiquery.CookiePairs(c.Wire, value, c.Explode, c.Media))
		default:
			panic(fmt.Sprint("unknown fn ", c.Fn))
		}
	}
	text, _ := json.Marshal(out)
	fmt.Println(string(text))
}

func nonNil(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
