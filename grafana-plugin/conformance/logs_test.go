package conformance

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLogTimestamps: go-plugin parses each stderr line's @timestamp with the layout
// "2006-01-02T15:04:05.000000Z07:00" and logs it as "timestamp"; a line without one shows
// 0001-01-01 in Grafana, and one in another layout loses its structure. Every plugin line that
// go-plugin relays must carry the time it was written.
func TestLogTimestamps(t *testing.T) {
	started := time.Now().Add(-time.Second)
	p := launch(t, launchOptions{})
	if err := p.protocol.Ping(); err != nil {
		t.Fatalf("ping: %v", err)
	}
	ended := time.Now().Add(time.Second)
	// go-plugin names the logger of the plugin's own lines after the command it started.
	pluginModule := "plugin.sieve-datamining-datasource." + filepath.Base(p.command)
	relayed := 0
	scanner := bufio.NewScanner(strings.NewReader(p.logs.String()))
	for scanner.Scan() {
		var line map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			continue // go-plugin's own lines in another format
		}
		if line["@module"] != pluginModule {
			continue
		}
		if _, raw := line["timestamp"]; !raw {
			t.Errorf("go-plugin relayed a plugin line without its timestamp (not parsed as hclog JSON?): %s", scanner.Text())
			continue
		}
		stamp, err := time.Parse("2006-01-02T15:04:05.000Z0700", line["timestamp"].(string))
		if err != nil || stamp.Before(started) || stamp.After(ended) {
			t.Errorf("plugin line timestamp %v (err %v) is not between %v and %v: %s", line["timestamp"], err, started, ended, scanner.Text())
		}
		relayed++
	}
	if relayed == 0 {
		t.Fatalf("no plugin log line relayed by go-plugin:\n%s", p.logs.String())
	}
}
