//go:build windows

package conformance

import (
	"net"
	"strings"
	"testing"
)

// TestTCPOnWindows: go-plugin has no Unix sockets on Windows, and Grafana there dials what the
// handshake names. With no setting at all, the plugin listens on TCP, on 127.0.0.1 only
// (handshake `1|2|tcp|127.0.0.1:PORT|grpc`).
func TestTCPOnWindows(t *testing.T) {
	p := launch(t, launchOptions{})
	addr, ok := address(t, p).(*net.TCPAddr)
	if !ok {
		t.Fatalf("go-plugin connected over %s, want TCP", address(t, p).Network())
	}
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("plugin listens on %s, want 127.0.0.1", addr)
	}
	healthy(t, p)
}

// TestNodeVariablesOnWindows: Grafana passes its own environment on. NODE_OPTIONS requiring a
// missing file must not stop the plugin (the SEA ignores NODE_OPTIONS), and neither may the other
// NODE_* variables, which Windows cannot drop by re-executing the process: the plugin starts and
// warns that they apply.
func TestNodeVariablesOnWindows(t *testing.T) {
	p := launch(t, launchOptions{env: []string{
		`NODE_OPTIONS=--require C:\nonexistent\preload.js`,
		"NODE_TLS_REJECT_UNAUTHORIZED=1",
	}})
	healthy(t, p)
	logs := p.logs.String()
	if !strings.Contains(logs, "Windows cannot restart the process without them") ||
		!strings.Contains(logs, "NODE_TLS_REJECT_UNAUTHORIZED") {
		t.Errorf("no warning names the Node variables that apply on Windows:\n%s", logs)
	}
}
