package native

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// The tests share one cache, so that only the first run on a machine pays
// for building the runtime in plugin mode and fetching modules.
var (
	testOnce    sync.Once
	testBuilder *Builder
	testErr     error
)

// builder returns the shared Builder, or skips the test with the reason
// plugins cannot be built here.
func builder(t *testing.T) *Builder {
	t.Helper()
	testOnce.Do(func() {
		testBuilder = New(Config{Dir: filepath.Join(os.TempDir(), "gofutures-native-test")})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		testErr = testBuilder.Check(ctx)
	})
	if errors.Is(testErr, ErrNoCCompiler) || errors.Is(testErr, ErrNoToolchain) || errors.Is(testErr, ErrUnsupported) {
		t.Skipf("plugins cannot be built here: %v", testErr)
	}
	if testErr != nil {
		t.Fatal(testErr)
	}
	return testBuilder
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
