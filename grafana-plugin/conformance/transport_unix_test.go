//go:build !windows

package conformance

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// checkPrivateSocket: the socket sits alone in a directory only its owner can enter, and both
// are gone once the plugin has stopped.
func checkPrivateSocket(t *testing.T, p *launchedPlugin, parent string) {
	t.Helper()
	addr := address(t, p)
	if addr.Network() != "unix" {
		t.Fatalf("go-plugin connected over %s %s, want a Unix socket", addr.Network(), addr)
	}
	dir := filepath.Dir(addr.String())
	if parent != "" && filepath.Dir(dir) != parent {
		t.Errorf("socket %s is not in a directory under %s", addr, parent)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("socket directory %s has mode %o, want 700", dir, perm)
	}
	healthy(t, p)
	p.stop(t)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket directory %s still exists after the plugin stopped (%v)", dir, err)
	}
}

// TestUnixSocketByDefault: like go-plugin's own servers, the plugin listens on a Unix socket
// (handshake `1|2|unix|PATH|grpc`) in a fresh owner-only directory under the temp directory.
func TestUnixSocketByDefault(t *testing.T) {
	tmp := t.TempDir()
	p := launch(t, launchOptions{env: []string{"TMPDIR=" + tmp}})
	checkPrivateSocket(t, p, tmp)
}

// TestUnixSocketDir: in Grafana's container mode go-plugin passes PLUGIN_UNIX_SOCKET_DIR (a
// directory shared with the host) and PLUGIN_UNIX_SOCKET_GROUP; the socket goes under that
// directory, opened to the group as go-plugin's servers do (directory searchable, socket 0660).
func TestUnixSocketDir(t *testing.T) {
	hostDir := t.TempDir()
	gid := os.Getgid()
	p := launch(t, launchOptions{env: []string{
		"PLUGIN_UNIX_SOCKET_DIR=" + hostDir,
		"PLUGIN_UNIX_SOCKET_GROUP=" + strconv.Itoa(gid),
	}})
	addr := address(t, p)
	if addr.Network() != "unix" || filepath.Dir(filepath.Dir(addr.String())) != hostDir {
		t.Fatalf("socket %s %s is not in a directory under PLUGIN_UNIX_SOCKET_DIR %s", addr.Network(), addr, hostDir)
	}
	dir := filepath.Dir(addr.String())
	for path, want := range map[string]os.FileMode{dir: 0o710, addr.String(): 0o660} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", path, info.Mode().Perm(), want)
		}
		if owner, ok := info.Sys().(*syscall.Stat_t); ok && int(owner.Gid) != gid {
			t.Errorf("%s has group %d, want %d", path, owner.Gid, gid)
		}
	}
	healthy(t, p)
	p.stop(t)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket directory %s still exists after the plugin stopped (%v)", dir, err)
	}
}

// TestTCPFallback: when no socket can be made (here PLUGIN_UNIX_SOCKET_DIR names a file), the
// plugin listens on TCP, on 127.0.0.1 only.
func TestTCPFallback(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p := launch(t, launchOptions{env: []string{"PLUGIN_UNIX_SOCKET_DIR=" + notADir}})
	addr, ok := address(t, p).(*net.TCPAddr)
	if !ok {
		t.Fatalf("go-plugin connected over %s, want TCP", address(t, p).Network())
	}
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("plugin listens on %s, want 127.0.0.1", addr)
	}
	healthy(t, p)
	if !strings.Contains(p.logs.String(), "falling back to TCP") {
		t.Errorf("no log line explains the fallback:\n%s", p.logs.String())
	}
}

// TestNodeVariablesIgnored: Grafana passes its own environment on. NODE_OPTIONS requiring a file
// that does not exist kills a plain Node process before it prints anything; the plugin, like a
// Go plugin, must not care, and the serving process must run without any NODE_* variable (Node
// reads several before any JavaScript runs, so the executable re-executes itself without them).
func TestNodeVariablesIgnored(t *testing.T) {
	if cfg.Launcher != nil && !cfg.Launcher.Execve {
		t.Skip("under QEMU without a binfmt_misc entry for arm64 the executable cannot execve itself (qemu.ts)")
	}
	p := launch(t, launchOptions{env: []string{
		"NODE_OPTIONS=--require /nonexistent/preload.js",
		"NODE_V8_COVERAGE=" + t.TempDir(),
		"NODE_TLS_REJECT_UNAUTHORIZED=0",
	}})
	healthy(t, p)
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", p.client.ReattachConfig().Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(string(environ), "\x00") {
		if strings.HasPrefix(kv, "NODE_") {
			t.Errorf("the serving plugin process still has %s", kv)
		}
	}
}
