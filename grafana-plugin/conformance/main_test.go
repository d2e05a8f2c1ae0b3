// Package conformance proves the Sieve backend against Grafana's own plugin code: it launches
// the built executable with hashicorp/go-plugin exactly as Grafana does, calls every service
// through grafana-plugin-sdk-go's generated clients, and reads every answer with the SDK's
// converters, as Grafana's server does before it answers the browser.
//
// Run it with `npm run conformance -w grafana-plugin`, which builds the plugin, backfills a real
// Prometheus and sets SIEVE_CONFORMANCE. `-update` rewrites the golden files.
package conformance

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the plugin's answers")

// suiteConfig is written by run.ts: where the executable and Prometheus are, the requests to
// send (cases.ts) and the catalog metric names to replace with placeholders in golden files.
type suiteConfig struct {
	Executable    string            `json:"executable"`
	Dist          string            `json:"dist"`
	PrometheusURL string            `json:"prometheusUrl"`
	Placeholders  map[string]string `json:"placeholders"`
	Cases         []conformanceCase `json:"cases"`
	// Launcher, when set, runs the executable through an emulator (conformance:arm64: QEMU).
	Launcher *launcher `json:"launcher"`
}

// launcher is the command that runs the executable (qemu-aarch64), the environment it needs
// (QEMU_LD_PREFIX) and whether the emulated process can execve itself (see qemu.ts).
type launcher struct {
	Command []string `json:"command"`
	Env     []string `json:"env"`
	Execve  bool     `json:"execve"`
}

type conformanceCase struct {
	Name      string         `json:"name"`
	Upstream  string         `json:"upstream"`
	FromAlert bool           `json:"fromAlert"`
	JSONData  map[string]any `json:"jsonData"`
	Queries   []caseQuery    `json:"queries"`
}

type caseQuery struct {
	RefID         string          `json:"refId"`
	QueryType     string          `json:"queryType"`
	JSON          json.RawMessage `json:"json"`
	FromMs        int64           `json:"fromMs"`
	ToMs          int64           `json:"toMs"`
	MaxDataPoints int64           `json:"maxDataPoints"`
	IntervalMs    int64           `json:"intervalMs"`
}

var cfg suiteConfig

// replacements turns run-specific text (ports, catalog names) into stable placeholders, longest
// first so that a metric name never replaces part of a longer one.
var replacements []string

func TestMain(m *testing.M) {
	flag.Parse()
	path := os.Getenv("SIEVE_CONFORMANCE")
	if path == "" {
		fmt.Fprintln(os.Stderr, "SIEVE_CONFORMANCE is unset: run the suite with `npm run conformance -w grafana-plugin`, "+
			"which builds the plugin and starts the backfilled Prometheus first")
		os.Exit(2)
	}
	raw, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(raw, &cfg)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "reading %s: %v\n", path, err)
		os.Exit(2)
	}
	names := make([]string, 0, len(cfg.Placeholders))
	for name := range cfg.Placeholders {
		if name != "" {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, name := range names {
		replacements = append(replacements, name, cfg.Placeholders[name])
	}
	code := m.Run()
	stopUpstreams()
	os.Exit(code)
}

// normalize replaces run-specific URLs and catalog metric names in text bound for a golden file.
func normalize(text string, urls map[string]string) string {
	for url, placeholder := range urls {
		text = strings.ReplaceAll(text, url, placeholder)
	}
	return strings.NewReplacer(replacements...).Replace(text)
}
