package requestconfig

import (
	"encoding/base64"

	"example.com/clash-go/internal/apiquery"
)

// Auth is how a call carries credentials: the API's security schemes by name, the credential of
// each, and the requirement sets the operation accepts.
type Auth struct {
	// Schemes are the API's security schemes by name; Primary is the one whose credential is
	// RequestConfig.APIKey (option.WithAPIKey).
	Schemes map[string]Scheme
	Primary string
	// Credentials of the other schemes by name (option.With<Scheme>).
	Credentials map[string]string
	// Security lists the requirement sets the operation accepts, in the spec's order; the first
	// whose credentials are all set is sent, else none. nil: the primary scheme alone; empty and
	// not nil: none (security: []).
	Security [][]string
}

// Scheme says how one credential travels.
type Scheme struct {
	Kind  string // bearer, basic, header, query, cookie or none
	Param string // the header, query or cookie name
}

// WithCredential sets the credential of the security scheme name.
func WithCredential(name, value string) RequestOption {
	return func(cfg *RequestConfig) error {
		if name == cfg.Auth.Primary {
			cfg.APIKey = value
			return nil
		}
		if cfg.Auth.Credentials == nil {
			cfg.Auth.Credentials = map[string]string{}
		}
		cfg.Auth.Credentials[name] = value
		return nil
	}
}

func (cfg *RequestConfig) credential(name string) string {
	if name == cfg.Auth.Primary {
		return cfg.APIKey
	}
	return cfg.Auth.Credentials[name]
}

// placed is where the credentials of one call go.
type placed struct {
	headers [][2]string
	query   []string
	cookies []string
}

// credentials places the credentials of the first requirement set that has them all.
func (cfg *RequestConfig) credentials() placed {
	sets := cfg.Auth.Security
	if sets == nil {
		sets = [][]string{{cfg.Auth.Primary}}
	}
	for _, set := range sets {
		values := make([]string, len(set))
		complete := true
		for i, name := range set {
			values[i] = cfg.credential(name)
			complete = complete && values[i] != ""
		}
		if !complete {
			continue
		}
		var out placed
		for i, name := range set {
			out.place(cfg.Auth.Schemes[name], values[i])
		}
		return out
	}
	return placed{}
}

func (p *placed) place(scheme Scheme, value string) {
	switch scheme.Kind {
	case "bearer":
		p.headers = append(p.headers, [2]string{"Authorization", "Bearer " + value})
	case "basic":
		// The credential is "user:password", as curl's -u takes it.
		token := base64.StdEncoding.EncodeToString([]byte(value))
		p.headers = append(p.headers, [2]string{"Authorization", "Basic " + token})
	case "header":
		p.headers = append(p.headers, [2]string{scheme.Param, value})
	case "query":
		p.query = append(p.query, apiquery.LooseQueryItems(scheme.Param, value, false)...)
	case "cookie":
		p.cookies = append(p.cookies, apiquery.CookiePairs(scheme.Param, value, true, "")...)
	}
}
