package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// checkGoldenJSON compares any answer, marshalled as Grafana marshals it, with
// testdata/golden/<name>.json (the SDK's golden helper covers only DataResponses).
func checkGoldenJSON(t *testing.T, name string, value any) {
	t.Helper()
	actual, err := json.MarshalIndent(value, "", "  ")
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	actual = append(actual, '\n')
	path := filepath.Join(goldenDir, name+".json")
	if *update {
		if err := os.WriteFile(path, actual, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	expected, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (run with -update to create it)", path, err)
	}
	if !bytes.Equal(expected, actual) {
		t.Errorf("%s differs from the answer:\n%s", path, actual)
	}
}

var labelEndpoint = regexp.MustCompile(`/api/v1/label/[a-z_]+/values`)

// healthAnswer is what Grafana's CheckHealth API answers the browser: status, message, details.
type healthAnswer struct {
	Status  string          `json:"status"`
	Message string          `json:"message"`
	Details json.RawMessage `json:"details,omitempty"`
}

func TestCheckHealth(t *testing.T) {
	p := launch(t, launchOptions{})
	urls := urlPlaceholders(t)
	for _, upstream := range []string{"prometheus", "closed", "unauthorized", "notPrometheus", "invalidUrl", "tlsPrometheus"} {
		t.Run(upstream, func(t *testing.T) {
			// As Grafana's client_v2 builds it: the SDK's PluginContext conversion, plus headers.
			req := &pluginv2.CheckHealthRequest{
				PluginContext: backend.ToProto().PluginContext(pluginContext(instanceSettings(upstreams(t)[upstream], nil), false)),
				Headers:       map[string]string{},
			}
			protoRes, err := p.diagnostics.CheckHealth(callContext(t), req)
			if err != nil {
				t.Fatalf("CheckHealth: %v", err)
			}
			res := backend.FromProto().CheckHealthResponse(protoRes)
			// The health check lists three label endpoints at once; whichever fails first is named.
			message := labelEndpoint.ReplaceAllString(res.Message, "/api/v1/label/<label>/values")
			answer := healthAnswer{Status: res.Status.String(), Message: normalize(message, urls)}
			if len(res.JSONDetails) > 0 {
				// Grafana answers 500 unless the details are a JSON object.
				var details map[string]any
				if err := json.Unmarshal(res.JSONDetails, &details); err != nil {
					t.Fatalf("jsonDetails is not a JSON object: %v", err)
				}
				answer.Details = json.RawMessage(normalize(string(res.JSONDetails), urls))
			}
			if strings.Contains(string(res.JSONDetails)+res.Message, "conformance-secret-4f9a") {
				t.Error("the health answer contains the secret")
			}
			if (upstream == "prometheus") != (res.Status == backend.HealthStatusOk) {
				t.Errorf("status %s for %s", res.Status, upstream)
			}
			checkGoldenJSON(t, "health_"+upstream, answer)
		})
	}
}

// resourceAnswer is the HTTP answer Grafana assembles from the stream: the first message's
// status and headers, every message's body.
type resourceAnswer struct {
	Status  int                 `json:"status"`
	Headers map[string][]string `json:"headers"`
	Body    json.RawMessage     `json:"body"`
}

func callResource(t *testing.T, p *launchedPlugin, method, path string) resourceAnswer {
	t.Helper()
	req := &backend.CallResourceRequest{
		PluginContext: pluginContext(instanceSettings(upstreams(t)["prometheus"], nil), false),
		Path:          path,
		Method:        method,
		URL:           "/api/datasources/uid/sieve/resources/" + path,
		Headers:       map[string][]string{"Accept": {"application/json"}},
	}
	stream, err := p.resource.CallResource(callContext(t), backend.ToProto().CallResourceRequest(req))
	if err != nil {
		t.Fatalf("CallResource: %v", err)
	}
	var answer resourceAnswer
	var body []byte
	for first := true; ; first = false {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("CallResource stream: %v", err)
		}
		res := backend.FromProto().CallResourceResponse(msg)
		if first {
			answer.Status, answer.Headers = res.Status, res.Headers
		}
		body = append(body, res.Body...)
	}
	if answer.Status < 100 || answer.Status > 599 {
		t.Fatalf("first message has HTTP status %d", answer.Status)
	}
	if !json.Valid(body) {
		t.Fatalf("body is not JSON: %q", body)
	}
	answer.Body = body
	return answer
}

func TestCallResource(t *testing.T) {
	p := launch(t, launchOptions{})
	for _, c := range []struct{ method, path string }{
		{"GET", "pipelines"}, {"GET", "features"}, {"GET", "models"}, {"GET", "detectors"}, {"GET", "measures"},
		{"GET", "nonexistent"}, {"POST", "features"},
	} {
		t.Run(c.method+"_"+c.path, func(t *testing.T) {
			checkGoldenJSON(t, "resource_"+strings.ToLower(c.method)+"_"+c.path, callResource(t, p, c.method, c.path))
		})
	}
}

// TestCollectMetrics: the payload parses as the Prometheus text format Grafana re-exposes;
// the golden file holds the metric families and types (their values change run to run).
func TestCollectMetrics(t *testing.T) {
	p := launch(t, launchOptions{})
	req := &backend.CollectMetricsRequest{PluginContext: pluginContext(nil, false)}
	protoRes, err := p.diagnostics.CollectMetrics(callContext(t), backend.ToProto().CollectMetricsRequest(req))
	if err != nil {
		t.Fatalf("CollectMetrics: %v", err)
	}
	res := backend.FromProto().CollectMetricsResponse(protoRes)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(res.PrometheusMetrics))
	if err != nil {
		t.Fatalf("not the Prometheus text format: %v", err)
	}
	var summary []string
	for name, family := range families {
		summary = append(summary, name+" "+strings.ToLower(family.GetType().String()))
	}
	sort.Strings(summary)
	checkGoldenJSON(t, "collect_metrics", summary)
}
