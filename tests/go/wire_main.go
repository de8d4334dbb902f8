// A program driving the generated Go SDK for tests/test_go_wire.py: os.Args[1] names the scenario,
// the server is LLAMA_CLOUD_BASE_URL, and what the program saw is printed as one JSON object.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/stainless-sdks/llamacloud-prod-go"
	"github.com/stainless-sdks/llamacloud-prod-go/option"
)

func main() {
	client := llamacloudprod.NewClient(option.WithAPIKey("sk-wire"))
	if os.Args[1] == "envkey" {
		client = llamacloudprod.NewClient() // LLAMA_CLOUD_API_KEY and LLAMA_CLOUD_BASE_URL
	}
	ctx := context.Background()
	var params llamacloudprod.BetaChatNewParams
	var opts []option.RequestOption
	switch os.Args[1] {
	case "values":
		params = llamacloudprod.BetaChatNewParams{
			OrganizationID: llamacloudprod.F("0b1c2d3e-org"),
			ProjectID:      llamacloudprod.String("p 1/2&3"),
			Session:        llamacloudprod.F("s;1 é"),
			IndexIDs:       llamacloudprod.F([]string{"idx-a", "idx,b"}),
		}
	case "nulls":
		params = llamacloudprod.BetaChatNewParams{
			OrganizationID: llamacloudprod.Null[string](),
			Session:        llamacloudprod.Null[string](),
			IndexIDs:       llamacloudprod.Null[[]string](),
		}
	case "options":
		opts = []option.RequestOption{
			option.WithHeader("X-Trace", "t-1"),
			option.WithQuery("extra", "a b"),
			option.WithMaxRetries(0),
		}
	case "timeout":
		opts = []option.RequestOption{option.WithRequestTimeout(200 * time.Millisecond), option.WithMaxRetries(0)}
	case "cancel":
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
	}
	attempts := 0
	counting := func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		attempts++
		req.Header.Set("X-Middleware", fmt.Sprint(attempts))
		return next(req)
	}
	opts = append(opts, option.WithMiddleware(counting))
	if os.Args[1] == "refused" {
		opts = append(opts, option.WithBaseURL(os.Getenv("REFUSED_URL")))
	}
	started := time.Now()
	chat, err := client.Beta.Chat.New(ctx, params, opts...)
	out := map[string]any{"elapsed_ms": time.Since(started).Milliseconds(), "attempts": attempts}
	if err != nil {
		out["error"] = err.Error()
		var apiErr *llamacloudprod.Error
		if errors.As(err, &apiErr) {
			out["status"] = apiErr.StatusCode
			out["raw"] = apiErr.RawJSON()
			out["request_method"] = apiErr.Request.Method
			out["response_status"] = apiErr.Response.StatusCode
		}
		out["deadline"] = errors.Is(err, context.DeadlineExceeded)
	} else {
		extra := map[string]string{}
		for key, field := range chat.JSON.ExtraFields {
			extra[key] = field.Raw()
		}
		out["session_id"] = chat.SessionID
		out["extra"] = extra
		out["index_ids"] = chat.IndexIDs
		out["title_invalid"] = chat.JSON.GeneratedTitle.IsInvalid()
		out["title_raw"] = chat.JSON.GeneratedTitle.Raw()
		out["job_null"] = chat.JSON.JobMetadata.IsNull()
		out["job_missing"] = chat.JSON.JobMetadata.IsMissing()
		out["turns"] = chat.JobMetadata.Turns
		out["turns_valid"] = chat.JobMetadata.JSON.Turns.IsValid()
		out["duration_invalid"] = chat.JobMetadata.JSON.DurationMs.IsInvalid()
		out["job_extra"] = len(chat.JobMetadata.JSON.ExtraFields)
		out["raw"] = chat.JSON.RawJSON()
		out["session_valid"] = chat.JSON.SessionID.IsValid()
	}
	text, _ := json.Marshal(out)
	fmt.Println(string(text))
}
