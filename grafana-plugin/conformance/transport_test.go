package conformance

import (
	"errors"
	"io"
	"net"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// address is where go-plugin connected, from the handshake.
func address(t *testing.T, p *launchedPlugin) net.Addr {
	t.Helper()
	reattach := p.client.ReattachConfig()
	if reattach == nil || reattach.Addr == nil {
		t.Fatal("go-plugin has no address for the plugin")
	}
	return reattach.Addr
}

// healthy proves the connection carries calls: CheckHealth against the backfilled Prometheus.
func healthy(t *testing.T, p *launchedPlugin) {
	t.Helper()
	req := &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(pluginContext(instanceSettings(cfg.PrometheusURL, nil), false)),
	}
	res, err := p.diagnostics.CheckHealth(callContext(t), req)
	if err != nil {
		t.Fatalf("CheckHealth: %v", err)
	}
	if res.Status != pluginv2.CheckHealthResponse_OK {
		t.Fatalf("CheckHealth: %s %s", res.Status, res.Message)
	}
}

// TestQueryChunkedData: Grafana may call the experimental streaming query. An SDK plugin without
// a chunked handler answers one message with status 501 and ends the stream without a gRPC
// error (backend/data_adapter.go); the plugin answers the same.
func TestQueryChunkedData(t *testing.T) {
	p := launch(t, launchOptions{})
	req := &pluginv2.QueryChunkedDataRequest{
		PluginContext: backend.ToProto().PluginContext(pluginContext(instanceSettings(cfg.PrometheusURL, nil), false)),
		Queries:       []*pluginv2.DataQuery{{RefId: "A", QueryType: "drift", Json: []byte(`{}`)}},
	}
	stream, err := p.data.QueryChunkedData(callContext(t), req)
	if err != nil {
		t.Fatalf("QueryChunkedData: %v", err)
	}
	var messages []*pluginv2.QueryChunkedDataResponse
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("QueryChunkedData stream: %v", err)
		}
		messages = append(messages, msg)
	}
	if len(messages) != 1 || messages[0].Status != 501 || messages[0].RefId != "" || len(messages[0].Frame) != 0 {
		t.Fatalf("want one message with status 501, got %v", messages)
	}
}
