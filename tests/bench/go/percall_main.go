// The Go per-call figure of `make bench` (tests/bench/gofigures.py builds and runs it): the
// generated SDK's client.Beta.Chat.New beside a raw net/http call sending the same request to the
// same in-process server, timed in interleaved rounds. Prints one JSON object on stdout.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/stainless-sdks/llamacloud-prod-go"
	"github.com/stainless-sdks/llamacloud-prod-go/option"
)

// seen is one request as the server received it: what the SDK and the raw call must agree on.
type seen struct {
	Method  string              `json:"method"`
	Target  string              `json:"target"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
}

// chat is what a hand-written client would decode the reply into: a plain struct, no metadata.
type chat struct {
	LastUpdatedAt  string   `json:"last_updated_at"`
	SessionID      string   `json:"session_id"`
	GeneratedTitle *string  `json:"generated_title"`
	IndexIDs       []string `json:"index_ids"`
	JobMetadata    *struct {
		DurationMs        *float64 `json:"duration_ms"`
		Error             *string  `json:"error"`
		ExportConfigIDs   []string `json:"export_config_ids"`
		IsError           *bool    `json:"is_error"`
		TotalInputTokens  *int64   `json:"total_input_tokens"`
		TotalOutputTokens *int64   `json:"total_output_tokens"`
		Turns             *int64   `json:"turns"`
	} `json:"job_metadata"`
}

// side is one of the two measured calls: per-call seconds and allocations of each round.
type side struct {
	Seconds []float64 `json:"seconds"`
	Allocs  []float64 `json:"allocs"`
	Bytes   []float64 `json:"bytes"`
}

type report struct {
	Rounds    int    `json:"rounds"`
	Calls     int    `json:"calls"`
	Go        string `json:"go"`
	Request   seen   `json:"request"`
	SessionID string `json:"session_id"`
	SDK       side   `json:"sdk"`
	Raw       side   `json:"raw"`
}

const apiKey = "bench-key"

func main() {
	replyFile := flag.String("reply", "", "file holding the JSON body the server answers with")
	rounds := flag.Int("rounds", 15, "timed rounds of each call, interleaved")
	calls := flag.Int("calls", 2000, "calls per round")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run here (go tool pprof); off in make bench")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "percall:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*replyFile, *rounds, *calls); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "percall:", err)
		os.Exit(1)
	}
}

func run(replyFile string, rounds, calls int) error {
	reply, err := os.ReadFile(replyFile)
	if err != nil {
		return err
	}
	var (
		mu        sync.Mutex
		recording bool
		record    []seen
	)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		if recording {
			record = append(record, seen{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(reply)
	}))
	defer server.Close()
	httpClient := server.Client() // one transport for both sides: the same connection reuse

	ctx := context.Background()
	client := llamacloudprod.NewClient(
		option.WithBaseURL(server.URL),
		option.WithAPIKey(apiKey),
		option.WithHTTPClient(httpClient),
		option.WithMaxRetries(0),
	)
	params := llamacloudprod.BetaChatNewParams{
		OrganizationID: llamacloudprod.F("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
		IndexIDs:       llamacloudprod.F([]string{"idx-a", "idx-b"}),
	}
	sdkCall := func() (string, error) {
		res, err := client.Beta.Chat.New(ctx, params)
		if err != nil {
			return "", err
		}
		return res.SessionID, nil
	}

	// The raw call replays the SDK's request: learn it from the server once, then check below
	// that the server cannot tell the two apart.
	mu.Lock()
	recording = true
	mu.Unlock()
	sdkSession, err := sdkCall()
	if err != nil {
		return fmt.Errorf("SDK call: %w", err)
	}
	sent := record[0]
	url := server.URL + sent.Target
	body := []byte(sent.Body)
	// The transport adds these itself, to both sides alike.
	header := http.Header{}
	for name, values := range sent.Headers {
		switch name {
		case "Content-Length", "Accept-Encoding":
			continue
		}
		header[name] = values
	}
	rawCall := func() (string, error) {
		req, err := http.NewRequestWithContext(ctx, sent.Method, url, bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		for name, values := range header {
			req.Header[name] = values
		}
		res, err := httpClient.Do(req)
		if err != nil {
			return "", err
		}
		data, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return "", err
		}
		if res.StatusCode != http.StatusOK {
			return "", fmt.Errorf("status %d", res.StatusCode)
		}
		var out chat
		if err := json.Unmarshal(data, &out); err != nil {
			return "", err
		}
		return out.SessionID, nil
	}
	rawSession, err := rawCall()
	if err != nil {
		return fmt.Errorf("raw call: %w", err)
	}
	mu.Lock()
	recording = false
	mu.Unlock()
	if len(record) != 2 {
		return fmt.Errorf("expected one request from each side, the server saw %d", len(record))
	}
	if !reflect.DeepEqual(record[0], record[1]) {
		return fmt.Errorf("the raw request differs from the SDK's:\nSDK: %+v\nraw: %+v", record[0], record[1])
	}
	if sdkSession != rawSession || sdkSession == "" {
		return fmt.Errorf("the two sides decoded different session ids: %q, %q", sdkSession, rawSession)
	}

	out := report{Rounds: rounds, Calls: calls, Go: runtime.Version(), Request: sent, SessionID: sdkSession}
	// A warm-up round of each (connection, allocator, branch predictors), not recorded.
	for _, call := range []func() (string, error){sdkCall, rawCall} {
		if _, err := timed(call, calls/10+1); err != nil {
			return err
		}
	}
	sides := []*side{&out.SDK, &out.Raw}
	measured := []func() (string, error){sdkCall, rawCall}
	for round := 0; round < rounds; round++ {
		// Alternating who goes first, so a drift in load or in the heap hits both alike.
		order := []int{0, 1}
		if round%2 == 1 {
			order = []int{1, 0}
		}
		for _, i := range order {
			m, err := timed(measured[i], calls)
			if err != nil {
				return err
			}
			sides[i].Seconds = append(sides[i].Seconds, m.seconds)
			sides[i].Allocs = append(sides[i].Allocs, m.allocs)
			sides[i].Bytes = append(sides[i].Bytes, m.bytes)
		}
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	return encoder.Encode(out)
}

type measurement struct{ seconds, allocs, bytes float64 }

// timed makes n calls; per-call wall time and heap allocations (runtime.MemStats is read outside
// the timed span: reading it stops the world).
func timed(call func() (string, error), n int) (measurement, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := call(); err != nil {
			return measurement{}, err
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	per := float64(n)
	return measurement{
		seconds: elapsed.Seconds() / per,
		allocs:  float64(after.Mallocs-before.Mallocs) / per,
		bytes:   float64(after.TotalAlloc-before.TotalAlloc) / per,
	}, nil
}
