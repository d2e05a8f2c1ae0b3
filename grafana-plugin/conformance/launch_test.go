package conformance

import (
	"bytes"
	"context"
	"math"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// The handshake Grafana's plugin client uses: the SDK's protocol version and magic cookie.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// The plugin set Grafana dispenses for protocol version 2, with the SDK's gRPC plugin types.
func pluginSet() plugin.PluginSet {
	return plugin.PluginSet{
		"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		"resource":    &grpcplugin.ResourceGRPCPlugin{},
		"data":        &grpcplugin.DataGRPCPlugin{},
		"stream":      &grpcplugin.StreamGRPCPlugin{},
	}
}

// grafanaEnv is what Grafana puts in the plugin's environment (pkg/plugins/envvars); go-plugin
// adds the magic cookie, PLUGIN_* variables and Grafana's own environment (HTTP_PROXY and the
// rest) after it.
func grafanaEnv() []string {
	return []string{
		"GF_VERSION=12.3.0",
		"GF_EDITION=Open Source",
		"GF_INSTANCE_FEATURE_TOGGLES_ENABLE=",
		"GF_PLUGIN_VERSION=0.1.0",
		"GF_PLUGIN_APP_CLIENT_SECRET=",
	}
}

// syncBuffer collects go-plugin's log output (which includes the plugin's stderr lines).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type launchedPlugin struct {
	client      *plugin.Client
	protocol    plugin.ClientProtocol
	data        pluginv2.DataClient
	diagnostics pluginv2.DiagnosticsClient
	resource    pluginv2.ResourceClient
	logs        *syncBuffer
	// command is what go-plugin started, which names the logger of the plugin's lines.
	command string
	stopped bool
}

type launchOptions struct {
	env []string
	// unixSocketDir is go-plugin's own client-side setting (what sets PLUGIN_UNIX_SOCKET_DIR).
	unixSocketDir string
}

// launch starts the executable as Grafana's grpcplugin client does: plugin.NewClient with the
// SDK handshake, versioned plugin set {2}, gRPC only, no AutoMTLS, Grafana's environment, and
// gRPC message limits as large as Grafana's.
func launch(t *testing.T, opts launchOptions) *launchedPlugin {
	t.Helper()
	cmd := pluginCommand()
	cmd.Env = append(append(cmd.Env, grafanaEnv()...), opts.env...)
	logs := &syncBuffer{}
	config := &plugin.ClientConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]plugin.PluginSet{grpcplugin.ProtocolVersion: pluginSet()},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:       "plugin.sieve-datamining-datasource",
			Output:     logs,
			Level:      hclog.Trace,
			JSONFormat: true,
		}),
		GRPCDialOptions: []grpc.DialOption{grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32))},
	}
	if opts.unixSocketDir != "" {
		config.UnixSocketConfig = &plugin.UnixSocketConfig{TempDir: opts.unixSocketDir}
	}
	client := plugin.NewClient(config)
	p := &launchedPlugin{client: client, logs: logs, command: cmd.Path}
	t.Cleanup(func() { p.stop(t) })
	protocol, err := client.Client()
	if err != nil {
		t.Fatalf("go-plugin could not start the plugin: %v\nlogs:\n%s", err, logs.String())
	}
	p.protocol = protocol
	p.data = dispense[pluginv2.DataClient](t, protocol, "data")
	p.diagnostics = dispense[pluginv2.DiagnosticsClient](t, protocol, "diagnostics")
	p.resource = dispense[pluginv2.ResourceClient](t, protocol, "resource")
	return p
}

// pluginCommand is the executable, or under conformance:arm64 the emulator running it; either
// way go-plugin starts it and reads its handshake.
func pluginCommand() *exec.Cmd {
	if cfg.Launcher == nil {
		return exec.Command(cfg.Executable)
	}
	args := append(append([]string{}, cfg.Launcher.Command[1:]...), cfg.Executable)
	cmd := exec.Command(cfg.Launcher.Command[0], args...)
	cmd.Env = append([]string{}, cfg.Launcher.Env...)
	return cmd
}

func dispense[T any](t *testing.T, protocol plugin.ClientProtocol, name string) T {
	t.Helper()
	raw, err := protocol.Dispense(name)
	if err != nil {
		t.Fatalf("dispense %s: %v", name, err)
	}
	client, ok := raw.(T)
	if !ok {
		t.Fatalf("dispense %s: got %T", name, raw)
	}
	return client
}

// stop is Grafana's plugin stop: go-plugin's Kill calls GRPCController.Shutdown and waits up to
// 2 s for the process to exit before killing it, logging "plugin failed to exit gracefully".
func (p *launchedPlugin) stop(t *testing.T) time.Duration {
	t.Helper()
	if p.stopped {
		return 0
	}
	p.stopped = true
	started := time.Now()
	p.client.Kill()
	took := time.Since(started)
	if strings.Contains(p.logs.String(), "plugin failed to exit gracefully") {
		t.Errorf("the plugin did not exit after GRPCController.Shutdown (killed after %v)\nlogs:\n%s", took, p.logs.String())
	}
	return took
}

func callContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
