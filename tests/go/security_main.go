// A client of the security test's API (tests/test_go_security_wire.py) calling every operation
// once: with credentials from the environment ("env"), or given as options ("options").
package main

import (
	"context"
	"fmt"
	"os"

	"vault"
	"vault/option"
)

func main() {
	opts := []option.RequestOption{option.WithMaxRetries(0)}
	if os.Args[1] == "options" {
		opts = append(opts,
			option.WithAPIKey("h k"),
			option.WithBearer("b/t"),
			option.WithBasic("user:pa ss"),
			option.WithCookieKey("c;k é"),
			option.WithOAuth("o-token"),
			option.WithQueryKey("q&k=1"),
		)
	}
	c := vault.NewClient(opts...)
	ctx := context.Background()
	check := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	res, err := c.Secrets.GetSecret(ctx, "db", vault.SecretsGetSecretParams{Session: vault.F("s1")})
	check(err)
	fmt.Println(res.Name)
	check(c.Public.Ping(ctx))
	_, err = c.Query.ByQuery(ctx, vault.QueryByQueryParams{Own: vault.F("o")})
	check(err)
	_, err = c.Cookie.ByCookie(ctx, vault.CookieByCookieParams{Own: vault.F("o")})
	check(err)
	_, err = c.Basic.ByBasic(ctx)
	check(err)
	_, err = c.Oauth.ByOauth(ctx)
	check(err)
	_, err = c.Pair.ByPair(ctx)
	check(err)
}
