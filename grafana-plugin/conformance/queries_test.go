package conformance

import (
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
)

const goldenDir = "testdata/golden"

// Upstreams the datasource settings can point at: the backfilled Prometheus, and servers that
// fail the way real ones do (401, an HTML page, no answer in time, nothing listening), and the
// Prometheus behind Go's own TLS server (httptest's self-signed certificate for 127.0.0.1).
var (
	upstreamsOnce sync.Once
	upstreamURLs  map[string]string
	upstreamStops []func()
	// The PEM of tlsPrometheus's certificate: what a user pastes into tlsCACert.
	tlsPrometheusCA string
)

func upstreams(t *testing.T) map[string]string {
	t.Helper()
	upstreamsOnce.Do(func() {
		unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("Unauthorized\n"))
		}))
		notPrometheus := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!doctype html><title>Welcome to nginx!</title>"))
		}))
		slow := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}))
		promURL, err := url.Parse(cfg.PrometheusURL)
		if err != nil {
			t.Fatalf("Prometheus URL: %v", err)
		}
		tlsPrometheus := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(promURL))
		// The untrusted case ends handshakes on purpose; the server need not log each one.
		tlsPrometheus.Config.ErrorLog = log.New(io.Discard, "", 0)
		tlsPrometheus.StartTLS()
		tlsPrometheusCA = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsPrometheus.Certificate().Raw}))
		upstreamStops = append(upstreamStops, unauthorized.Close, notPrometheus.Close, slow.Close, tlsPrometheus.Close)
		upstreamURLs = map[string]string{
			"prometheus":    cfg.PrometheusURL,
			"unauthorized":  unauthorized.URL,
			"notPrometheus": notPrometheus.URL,
			"slow":          slow.URL,
			"tlsPrometheus": tlsPrometheus.URL,
			"closed":        closedURL(),
			"invalidUrl":    "ftp://prometheus.invalid:9090",
		}
	})
	return upstreamURLs
}

func stopUpstreams() {
	for _, stop := range upstreamStops {
		stop()
	}
}

// closedURL is a loopback address nothing listens on.
func closedURL() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}

// urlPlaceholders maps each upstream's URL to its name, for golden files.
func urlPlaceholders(t *testing.T) map[string]string {
	out := map[string]string{}
	for name, url := range upstreams(t) {
		out[url] = "<upstream:" + name + ">"
	}
	return out
}

func instanceSettings(url string, jsonData map[string]any) *backend.DataSourceInstanceSettings {
	raw, _ := json.Marshal(jsonData)
	if jsonData == nil {
		raw = []byte("{}")
	}
	// A secret the plugin must never echo.
	secure := map[string]string{"bearerToken": "conformance-secret-4f9a"}
	// Cases switch tlsAuthWithCACert on; the CA is tlsPrometheus's, known only once it runs.
	if jsonData["tlsAuthWithCACert"] == true {
		secure["tlsCACert"] = tlsPrometheusCA
	}
	return &backend.DataSourceInstanceSettings{
		ID:                      7,
		UID:                     "sieve",
		Type:                    "sieve-datamining-datasource",
		Name:                    "Sieve",
		URL:                     url,
		JSONData:                raw,
		DecryptedSecureJSONData: secure,
		Updated:                 time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

func pluginContext(settings *backend.DataSourceInstanceSettings, fromAlert bool) backend.PluginContext {
	ctx := backend.PluginContext{
		OrgID:                      1,
		PluginID:                   "sieve-datamining-datasource",
		PluginVersion:              "0.1.0",
		DataSourceInstanceSettings: settings,
	}
	if !fromAlert {
		ctx.User = &backend.User{Login: "admin", Name: "Admin", Email: "admin@example.com", Role: "Admin"}
	}
	return ctx
}

// queryRequest builds the request as Grafana does: the model JSON with refId and queryType
// added (the frontend stores them in it), and for alert rules the headers the evaluator sets.
func queryRequest(t *testing.T, c conformanceCase) *backend.QueryDataRequest {
	t.Helper()
	req := &backend.QueryDataRequest{
		PluginContext: pluginContext(instanceSettings(upstreams(t)[c.Upstream], c.JSONData), c.FromAlert),
		Headers:       map[string]string{},
	}
	if c.FromAlert {
		req.Headers["FromAlert"] = "true"
		req.Headers["X-Rule-Uid"] = "conformance-rule"
		req.Headers["X-Grafana-Org-Id"] = "1"
	}
	for _, q := range c.Queries {
		model := json.RawMessage(q.JSON)
		var text string
		if json.Unmarshal(q.JSON, &text) == nil {
			model = json.RawMessage(text) // a string case is sent verbatim (invalid JSON)
		} else {
			var object map[string]any
			if err := json.Unmarshal(q.JSON, &object); err != nil {
				t.Fatalf("case %s: %v", c.Name, err)
			}
			object["refId"] = q.RefID
			object["queryType"] = q.QueryType
			model, _ = json.Marshal(object)
		}
		req.Queries = append(req.Queries, backend.DataQuery{
			RefID:         q.RefID,
			QueryType:     q.QueryType,
			MaxDataPoints: q.MaxDataPoints,
			Interval:      time.Duration(q.IntervalMs) * time.Millisecond,
			TimeRange:     backend.TimeRange{From: time.UnixMilli(q.FromMs).UTC(), To: time.UnixMilli(q.ToMs).UTC()},
			JSON:          model,
		})
	}
	return req
}

// queryData sends the request through the SDK's generated Data client and reads the answer with
// backend.FromProto(), which decodes every Arrow frame with data.UnmarshalArrowFrames.
func queryData(t *testing.T, p *launchedPlugin, req *backend.QueryDataRequest) *backend.QueryDataResponse {
	t.Helper()
	protoRes, err := p.data.QueryData(callContext(t), backend.ToProto().QueryDataRequest(req))
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	res, err := backend.FromProto().QueryDataResponse(protoRes)
	if err != nil {
		t.Fatalf("the SDK could not read the answer: %v", err)
	}
	return res
}

// normalizeResponse replaces run-specific text (upstream ports, catalog metric names) with
// placeholders in everything a golden file holds.
func normalizeResponse(dr backend.DataResponse, urls map[string]string) backend.DataResponse {
	if dr.Error != nil {
		dr.Error = errors.New(normalize(dr.Error.Error(), urls))
	}
	for _, f := range dr.Frames {
		f.Name = normalize(f.Name, urls)
		for _, field := range f.Fields {
			for key, value := range field.Labels {
				field.Labels[key] = normalize(value, urls)
			}
		}
		if f.Meta != nil {
			f.Meta.ExecutedQueryString = normalize(f.Meta.ExecutedQueryString, urls)
			for i := range f.Meta.Notices {
				f.Meta.Notices[i].Text = normalize(f.Meta.Notices[i].Text, urls)
			}
		}
	}
	return dr
}

// TestQueryGolden sends every case of cases.ts and compares the JSON Grafana would send to the
// browser (json.Marshal of the SDK's DataResponse) with the golden file; it also checks the
// frame shapes and that whole response marshals as Grafana's /api/ds/query answer does.
func TestQueryGolden(t *testing.T) {
	p := launch(t, launchOptions{})
	urls := urlPlaceholders(t)
	for _, c := range cfg.Cases {
		t.Run(c.Name, func(t *testing.T) {
			res := queryData(t, p, queryRequest(t, c))
			if _, err := json.Marshal(res); err != nil {
				t.Fatalf("json.Marshal(QueryDataResponse): %v", err)
			}
			if len(res.Responses) != len(c.Queries) {
				t.Fatalf("%d responses for %d queries", len(res.Responses), len(c.Queries))
			}
			for _, q := range c.Queries {
				dr, ok := res.Responses[q.RefID]
				if !ok {
					t.Fatalf("no response for refId %s", q.RefID)
				}
				checkDataResponse(t, dr)
				name := c.Name
				if len(c.Queries) > 1 {
					name += "_" + q.RefID
				}
				normalized := normalizeResponse(dr, urls)
				if len(dr.Frames) == 0 {
					// The SDK's golden files need at least one frame to read back.
					checkGoldenJSON(t, name, normalized)
				} else {
					if *update {
						// The SDK helper asserts against the old file even while updating it.
						_ = os.Remove(filepath.Join(goldenDir, name+".jsonc"))
					}
					experimental.CheckGoldenJSONResponse(t, goldenDir, name, &normalized, *update)
				}
			}
		})
	}
}

// checkDataResponse: the invariants every answer keeps, beyond what the golden file pins.
func checkDataResponse(t *testing.T, dr backend.DataResponse) {
	t.Helper()
	raw, _ := json.Marshal(dr)
	if strings.Contains(string(raw), "conformance-secret-4f9a") {
		t.Errorf("the answer contains the datasource's secret")
	}
	if dr.Error != nil {
		if dr.Status < 400 || dr.Status > 599 {
			t.Errorf("error with status %d", dr.Status)
		}
		if dr.ErrorSource != backend.ErrorSourcePlugin && dr.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("error source %q", dr.ErrorSource)
		}
		if len(dr.Frames) != 0 {
			t.Errorf("an error with %d frames", len(dr.Frames))
		}
		return
	}
	if dr.Status != backend.StatusOK {
		t.Errorf("status %d without an error", dr.Status)
	}
	for _, f := range dr.Frames {
		if _, err := f.MarshalArrow(); err != nil {
			t.Errorf("frame %s does not re-encode: %v", f.Name, err)
		}
	}
	for _, problem := range frameShapeProblems(dr.Frames) {
		t.Error(problem)
	}
}

// frameSummary is a one-line description for failure messages.
func frameSummary(f *data.Frame) string {
	typ := ""
	if f.Meta != nil {
		typ = string(f.Meta.Type)
	}
	return fmt.Sprintf("%s [%s] %d fields × %d rows, SDK: %s", f.Name, typ, len(f.Fields), f.Rows(), f.TimeSeriesSchema().Type)
}
