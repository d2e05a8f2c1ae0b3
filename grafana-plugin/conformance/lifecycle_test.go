package conformance

import (
	"testing"
	"time"
)

// TestShutdown: go-plugin's Kill is how Grafana stops a plugin. It calls
// GRPCController.Shutdown and gives the process 2 s before killing it; the plugin must exit on
// its own, well within that.
func TestShutdown(t *testing.T) {
	p := launch(t, launchOptions{})
	if err := p.protocol.Ping(); err != nil {
		t.Fatalf("grpc.health.v1 ping (service \"plugin\"): %v", err)
	}
	took := p.stop(t)
	if !p.client.Exited() {
		t.Fatal("the process is still running after Kill")
	}
	if took > 1500*time.Millisecond {
		t.Errorf("Shutdown took %v", took)
	}
}
