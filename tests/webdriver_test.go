package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// webDriver is a minimal client of the W3C WebDriver HTTP API, enough to
// drive one headless Chromium session through chromedriver.
type webDriver struct {
	base    string // chromedriver's address, http://127.0.0.1:port
	session string
	client  http.Client
}

// call sends one WebDriver command and decodes its "value" into out.
func (d *webDriver) call(ctx context.Context, method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("webdriver %s %s: %s: %.300s", method, path, resp.Status, raw)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(env.Value, &e)
		return fmt.Errorf("webdriver %s %s: %s: %s", method, path, e.Error, e.Message)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(env.Value, out)
}

// start opens a browser session with the given Chromium binary and flags.
func (d *webDriver) start(ctx context.Context, binary string, args []string) error {
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName":        "chrome",
		"goog:chromeOptions": map[string]any{"binary": binary, "args": args},
	}}}
	var v struct {
		SessionID string `json:"sessionId"`
	}
	if err := d.call(ctx, http.MethodPost, "/session", caps, &v); err != nil {
		return err
	}
	d.session = v.SessionID
	return nil
}

func (d *webDriver) quit(ctx context.Context) error {
	if d.session == "" {
		return nil
	}
	err := d.call(ctx, http.MethodDelete, "/session/"+d.session, nil, nil)
	d.session = ""
	return err
}

func (d *webDriver) navigate(ctx context.Context, url string) error {
	return d.call(ctx, http.MethodPost, "/session/"+d.session+"/url", map[string]any{"url": url}, nil)
}

// eval runs a script in the page (its body, with `return`) and decodes
// what it returns into out.
func (d *webDriver) eval(ctx context.Context, script string, out any) error {
	return d.call(ctx, http.MethodPost, "/session/"+d.session+"/execute/sync",
		map[string]any{"script": script, "args": []any{}}, out)
}

// screenshot returns the viewport as base64 PNG.
func (d *webDriver) screenshot(ctx context.Context) (string, error) {
	var b64 string
	err := d.call(ctx, http.MethodGet, "/session/"+d.session+"/screenshot", nil, &b64)
	return b64, err
}

// waitFor evaluates script until it returns true or ctx ends; the last
// error or value is reported on timeout.
func (d *webDriver) waitFor(ctx context.Context, what, script string) error {
	var last error
	for {
		var ok bool
		err := d.eval(ctx, script, &ok)
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last error: %v)", what, ctx.Err(), last)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// freePort asks the system for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers at all, or ctx ends.
func waitHTTP(ctx context.Context, url string) error {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer: %w", url, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
