package main

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smusmesh/smusmesh/meshreport"
)

// chromium returns the headless browser, or skips the test when there is none (CI
// installs the Debian packages chromium and chromium-driver in .ci/run, so there it runs).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/run installs it (apt-get install -y chromium chromium-driver)")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium chromium-driver): the mesh map is not checked in a browser")
	return ""
}

// runChromium runs headless Chromium on a local file with no network use beyond the
// file itself and returns its standard output.
func runChromium(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// TestMeshMapInBrowser writes the quickstart's mesh map and opens it in headless
// Chromium: every project and every read of the access matrix is on the rendered page.
// The run leaves a screenshot and logs where.
func TestMeshMapInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := sharedAssembly(t)
	m, err := meshreport.Write(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev := m.Stage("dev")
	page := meshreport.FilesOf(m.Dir, "dev").Map
	url := "file://" + filepath.ToSlash(page)

	dom := runChromium(t, bin, "--dump-dom", url)
	if !strings.Contains(dom, `id="access"`) {
		t.Fatalf("the page did not render:\n%.2000s", dom)
	}
	text := html.UnescapeString(dom)
	projects := dev.Projects()
	if len(projects) != 4 {
		t.Errorf("the quickstart has %d projects, want 4 (Mesh Standards, CRM Master Data, Web Analytics Master Data, Campaign Analytics)", len(projects))
	}
	for _, p := range projects {
		if !strings.Contains(text, ">"+p.Name+"<") {
			t.Errorf("project %q is not on the mesh map", p.Name)
		}
	}
	if len(dev.Access) != 4 {
		t.Errorf("the quickstart has %d reads, want 4 (two producers, two consumer reads)", len(dev.Access))
	}
	for _, a := range dev.Access {
		if !strings.Contains(text, a.ReadText()) {
			t.Errorf("read %q is not on the mesh map", a.ReadText())
		}
	}

	// The search box: "#q=web_analytics" keeps the projects that name the table (its
	// producer and its reader) and hides the others.
	searched := runChromium(t, bin, "--virtual-time-budget=3000", "--dump-dom", url+"#q=web_analytics")
	for _, tc := range []struct {
		project string
		hidden  bool
	}{{"Web Analytics Master Data", false}, {"Campaign Analytics", false}, {"CRM Master Data", true}, {"Mesh Standards", true}} {
		i := strings.Index(searched, "<b>"+tc.project+"</b>")
		j := strings.LastIndex(searched[:max(i, 0)], `<div class="project`)
		if i < 0 || j < 0 {
			t.Errorf("search: project %q not on the page", tc.project)
			continue
		}
		if hidden := strings.Contains(searched[j:i], "hidden"); hidden != tc.hidden {
			t.Errorf("search web_analytics: project %q hidden %v, want %v", tc.project, hidden, tc.hidden)
		}
	}

	shot := filepath.Join(os.TempDir(), "smusmesh-mesh-map-dev.png")
	runChromium(t, bin, "--window-size=1280,1100", "--hide-scrollbars", "--screenshot="+shot, url)
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	t.Logf("mesh map: %s; screenshot: %s", page, shot)
}
