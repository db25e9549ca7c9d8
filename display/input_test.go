package display_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// prompter is a sink that answers every prompt with its own text.
type prompter struct {
	displaytest.Recorder
	asked []string
	err   error
}

func (p *prompter) Input(_ context.Context, prompt string, password bool) (string, error) {
	p.asked = append(p.asked, fmt.Sprintf("%s%v", prompt, password))
	return "gopher", p.err
}

func ExampleInput() {
	p := &prompter{}
	defer display.Use(p)()
	name, err := display.Input("name? ")
	fmt.Println(name, err)
	// Output: gopher <nil>
}

func TestInputAsksTheSink(t *testing.T) {
	t.Run("Input and Password reach the prompting sink", func(t *testing.T) {
		p := &prompter{}
		defer display.Use(p)()
		if v, err := display.Input("a? "); v != "gopher" || err != nil {
			t.Errorf("Input = %q, %v", v, err)
		}
		if _, err := display.Password("b? "); err != nil {
			t.Error(err)
		}
		if got := fmt.Sprint(p.asked); got != "[a? false b? true]" {
			t.Errorf("prompts %s", got)
		}
	})
	t.Run("the sink's error comes back", func(t *testing.T) {
		want := errors.New("stdin not allowed")
		defer display.Use(&prompter{err: want})()
		if _, err := display.Input("x? "); !errors.Is(err, want) {
			t.Errorf("err %v, want %v", err, want)
		}
	})
}
