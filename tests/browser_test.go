package tests

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// browserNotebook is the tutorial the browser check opens.
const browserNotebook = "01-plotting-futures-as-they-complete.ipynb"

// TestBrowserRunsFirstTutorial opens the first tutorial in Debian's Jupyter
// Notebook in headless Chromium, runs all cells as a person would, and
// checks from the page that the plot image and the finished future widgets
// rendered. The screenshot lands in tests/artifacts/. It is skipped when
// chromium or chromedriver is missing (`make nbtest-deps` installs them).
func TestBrowserRunsFirstTutorial(t *testing.T) {
	e := need(t)
	chromium, err1 := exec.LookPath("chromium")
	driverBin, err2 := exec.LookPath("chromedriver")
	if err1 != nil || err2 != nil {
		t.Skip("chromium or chromedriver is missing; `make nbtest-deps` installs them")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	// The server works on a copy without outputs, so that what the page
	// shows can only come from this run, and autosave leaves the committed
	// notebook alone.
	nbDir := t.TempDir()
	nb, err := readNotebook(filepath.Join(e.Root, "notebooks", browserNotebook))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		if c.Type == "code" {
			c.raw["outputs"], c.raw["execution_count"] = []any{}, nil
		}
	}
	b, err := nb.encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nbDir, browserNotebook), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// The committed tutorial with its outputs, as a user opens it first:
	// untrusted, then trusted as `make notebook` trusts the tutorials.
	saved, err := os.ReadFile(filepath.Join(e.Root, "notebooks", browserNotebook))
	if err != nil {
		t.Fatal(err)
	}
	// Two copies: the page of the untrusted one may save it as it goes,
	// which would change a signed file and void its signature.
	for _, name := range []string{savedNotebook, "trusted-" + savedNotebook} {
		if err := os.WriteFile(filepath.Join(nbDir, name), saved, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	token := fmt.Sprintf("t%x", time.Now().UnixNano())
	nbPort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"notebook", "--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", nbPort),
		"--port-retries=0", "--NotebookApp.token=" + token, "--notebook-dir=" + nbDir}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root") // CI runs as root
	}
	server := startProcess(t, e.jupyterEnv(), jupyterBin, args...)
	base := fmt.Sprintf("http://127.0.0.1:%d", nbPort)
	if err := server.waitHTTP(ctx, base+"/api/status?token="+token); err != nil {
		t.Fatalf("%v\n%s", err, server.logs())
	}

	drvPort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	driver := startProcess(t, nil, driverBin, fmt.Sprintf("--port=%d", drvPort), "--allowed-ips=127.0.0.1")
	wd := &webDriver{base: fmt.Sprintf("http://127.0.0.1:%d", drvPort)}
	if err := driver.waitHTTP(ctx, wd.base+"/status"); err != nil {
		t.Fatalf("%v\n%s", err, driver.logs())
	}
	if err := wd.start(ctx, chromium, []string{"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1280,2400",
		"--user-data-dir=" + t.TempDir()}); err != nil {
		t.Fatalf("%v\n%s", err, driver.logs())
	}
	defer wd.quit(context.Background())

	for _, trusted := range []bool{false, true} {
		name := savedNotebook
		if trusted {
			name = "trusted-" + savedNotebook
			// `jupyter trust`, which Debian does not ship as a command.
			trust := exec.CommandContext(ctx, "/usr/bin/python3", "-m", "nbformat.sign", filepath.Join(nbDir, name))
			trust.Env = e.jupyterEnv()
			if out, err := trust.CombinedOutput(); err != nil {
				t.Fatalf("jupyter trust: %v\n%s", err, out)
			}
		}
		if err := wd.navigate(ctx, base+"/notebooks/"+name+"?token="+token); err != nil {
			t.Fatal(err)
		}
		checkSavedStyles(t, ctx, wd, name, trusted)
	}

	if err := wd.navigate(ctx, base+"/notebooks/"+browserNotebook+"?token="+token); err != nil {
		t.Fatal(err)
	}
	if err := wd.waitFor(ctx, "the kernel to start", `return !!(window.Jupyter && Jupyter.notebook &&
		Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() &&
		document.querySelector('#kernel_indicator_icon.kernel_idle_icon'))`); err != nil {
		t.Fatalf("%v\n%s", err, server.logs())
	}
	checkTabIndent(t, ctx, wd)
	start := time.Now()
	if err := wd.eval(ctx, `Jupyter.notebook.execute_all_cells(); return true`, nil); err != nil {
		t.Fatal(err)
	}
	// Done when every code cell has an execution count and the kernel is
	// idle again.
	err = wd.waitFor(ctx, "all cells to run", `const cells = Jupyter.notebook.get_cells();
		return cells.every(c => c.cell_type !== 'code' || typeof c.input_prompt_number === 'number') &&
			!!document.querySelector('#kernel_indicator_icon.kernel_idle_icon')`)
	shot := saveScreenshot(t, ctx, wd, e.Root)
	if err != nil {
		t.Fatalf("%v\nscreenshot: %s\n%s", err, shot, server.logs())
	}
	t.Logf("all cells ran in the browser in %v; screenshot %s", time.Since(start).Round(time.Millisecond), shot)

	var page struct {
		Images   int      `json:"images"`
		Errors   []string `json:"errors"`
		Futures  []string `json:"futures"`
		Progress []string `json:"progress"`
		HTMLBars int      `json:"htmlBars"`
	}
	if err := wd.eval(ctx, `const outs = [...document.querySelectorAll('.output_area')];
		const text = el => el.innerText.trim();
		return {
			images: [...document.querySelectorAll('.output_area img')].filter(i =>
				i.src.startsWith('data:image/png') && i.complete && i.naturalWidth > 0).length,
			errors: [...document.querySelectorAll('.output_error')].map(text),
			futures: outs.map(text).filter(t => /^<?Future\b/m.test(t)),
			progress: outs.map(text).filter(t => /\d+\s*\/\s*\d+/.test(t) && /progress|\[/i.test(t)),
			htmlBars: document.querySelectorAll('.output_area .gofutures-progress').length,
		}`, &page); err != nil {
		t.Fatal(err)
	}
	if page.Images == 0 {
		t.Error("no rendered PNG plot on the page")
	}
	if len(page.Errors) > 0 {
		t.Errorf("cells failed in the browser:\n%s", strings.Join(page.Errors, "\n"))
	}
	if len(page.Futures) == 0 {
		t.Error("no future widget on the page")
	}
	for _, f := range page.Futures {
		if !strings.Contains(f, "finished") {
			t.Errorf("a future widget did not end finished:\n%s", f)
		}
	}
	// This Notebook runs ipywidgets 6, whose manager cannot draw protocol 2
	// widgets; the kernel tells it apart and draws the HTML bar.
	if page.HTMLBars == 0 {
		t.Error("no HTML progress bar on the page")
	}
	t.Logf("page: %d plot images, %d future widgets, %d text and %d HTML progress bars", page.Images, len(page.Futures), len(page.Progress), page.HTMLBars)
	if err := checkStyles(ctx, wd, true); err != nil {
		t.Errorf("outputs of the run: %v", err)
	}
}

// savedNotebook is the name of the copy of browserNotebook with its
// committed outputs.
const savedNotebook = "saved-" + browserNotebook

// checkSavedStyles waits for the saved outputs of the open notebook and
// checks that Notebook trusts it as wanted and that its cards and bars are
// drawn in colour either way.
func checkSavedStyles(t *testing.T, ctx context.Context, wd *webDriver, name string, trusted bool) {
	t.Helper()
	if err := wd.waitFor(ctx, "the saved outputs", `return !!(window.Jupyter && Jupyter.notebook &&
		Jupyter.notebook.notebook_path === `+strconv.Quote(name)+` &&
		Jupyter.notebook._fully_loaded && document.querySelector('.output_area .gofutures-status'))`); err != nil {
		t.Fatal(err)
	}
	var got bool
	if err := wd.eval(ctx, `return Jupyter.notebook.trusted`, &got); err != nil {
		t.Fatal(err)
	}
	if got != trusted {
		t.Fatalf("Notebook trusts the saved tutorial: %v, want %v", got, trusted)
	}
	if err := checkStyles(ctx, wd, trusted); err != nil {
		t.Errorf("saved outputs, trusted %v: %v", trusted, err)
	}
}

// checkStyles checks from the page's computed styles that a status card
// has its coloured strip and a progress bar is drawn and full, and, when
// the outputs are trusted, that their inline styles apply (Notebook strips
// them from untrusted outputs, which must still show colour).
func checkStyles(ctx context.Context, wd *webDriver, trusted bool) error {
	var s struct {
		Strip, Border       string
		StripWidth          float64
		Bar                 bool
		BarValue, BarMax    float64
		BarWidth, BarHeight float64
	}
	if err := wd.eval(ctx, `const card = document.querySelector('.output_area table.gofutures-status');
		const strip = card && card.querySelector('td');
		const bar = document.querySelector('.output_area .gofutures-progress progress');
		const box = el => el ? el.getBoundingClientRect() : {width: 0, height: 0};
		return {
			strip: strip ? getComputedStyle(strip).backgroundColor : '',
			stripWidth: box(strip).width,
			border: card ? getComputedStyle(card).borderTopStyle : '',
			bar: !!bar, barValue: bar ? bar.value : -1, barMax: bar ? bar.max : -1,
			barWidth: box(bar).width, barHeight: box(bar).height,
		}`, &s); err != nil {
		return err
	}
	var problems []string
	switch s.Strip {
	case "", "rgba(0, 0, 0, 0)", "rgb(255, 255, 255)", "transparent":
		problems = append(problems, fmt.Sprintf("the status card has no coloured strip (background %q)", s.Strip))
	}
	if s.StripWidth <= 0 {
		problems = append(problems, "the status card's strip has no width")
	}
	if !s.Bar || s.BarMax <= 0 || s.BarValue != s.BarMax || s.BarWidth < 50 || s.BarHeight <= 0 {
		problems = append(problems, fmt.Sprintf("no full, visible progress bar: %+v", s))
	}
	if trusted && (s.Border != "solid" || s.BarWidth != 300) {
		problems = append(problems, fmt.Sprintf("inline styles do not apply: card border %q, bar width %v", s.Border, s.BarWidth))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// checkTabIndent checks that the kernelspec's kernel.js made the editors
// of the notebook's cells, and of a cell made afterwards, indent with a
// tab, as gofmt does, where Notebook would put four spaces.
func checkTabIndent(t *testing.T, ctx context.Context, wd *webDriver) {
	t.Helper()
	if err := wd.waitFor(ctx, "kernel.js to set the editors' options",
		`return Jupyter.CodeCell.options_default.cm_config.indentWithTabs === true`); err != nil {
		t.Error(err)
		return
	}
	var got struct {
		Existing string `json:"existing"`
		Created  string `json:"created"`
	}
	if err := wd.eval(ctx, `const enter = cm => {
			const text = cm.getValue();
			cm.setValue("func f() {");
			cm.setCursor(cm.lineCount(), 0);
			cm.execCommand("newlineAndIndent");
			const typed = cm.getValue();
			cm.setValue(text);
			return typed;
		};
		const first = Jupyter.notebook.get_cells().find(c => c.cell_type === 'code');
		const cell = Jupyter.notebook.insert_cell_at_bottom('code');
		const created = enter(cell.code_mirror);
		Jupyter.notebook.delete_cell(Jupyter.notebook.find_cell_index(cell));
		return {existing: enter(first.code_mirror), created: created};`, &got); err != nil {
		t.Fatal(err)
	}
	if want := "func f() {\n\t"; got.Existing != want || got.Created != want {
		t.Errorf("Enter after \"func f() {\": the notebook's cell has %q, a new cell %q; want %q", got.Existing, got.Created, want)
	}
}

// saveScreenshot writes the page to tests/artifacts/ and returns the path,
// or why it could not.
func saveScreenshot(t *testing.T, ctx context.Context, wd *webDriver, root string) string {
	t.Helper()
	b64, err := wd.screenshot(ctx)
	if err != nil {
		return err.Error()
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return err.Error()
	}
	dir := filepath.Join(root, "tests", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err.Error()
	}
	p := filepath.Join(dir, strings.TrimSuffix(browserNotebook, ".ipynb")+".png")
	if err := os.WriteFile(p, raw, 0o644); err != nil {
		return err.Error()
	}
	return p
}

// process is a child process of the test, stopped when the test ends,
// with its output kept for failure reports.
type process struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{} // closed when the process has exited
}

// waitHTTP waits for url to answer, giving up early if the process exits.
func (p *process) waitHTTP(ctx context.Context, url string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := waitHTTP(ctx, url)
	select {
	case <-p.done:
		return fmt.Errorf("%s exited before %s answered", p.cmd.Path, url)
	default:
		return err
	}
}

func (p *process) logs() string { return p.out.String() }

// startProcess starts a command in its own process group; the test's
// cleanup terminates that group and waits for it.
func startProcess(t *testing.T, env []string, name string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(name, args...), out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := p.done
	go func() { _ = p.cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		pgid := p.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-done
		}
	})
	return p
}

// lockedBuffer collects a child's output, written by exec's copying
// goroutines while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
