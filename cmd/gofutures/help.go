package main

import "github.com/gofutures/gofutures/kernel"

// helpLinks are the kernel's help_links, which Notebook and JupyterLab
// show in their Help menu: the project's API docs, tutorials and magics
// beside the Go documentation.
var helpLinks = []kernel.HelpLink{
	{Text: "gofutures futures API", URL: "https://pkg.go.dev/github.com/gofutures/gofutures/futures"},
	{Text: "gofutures display API", URL: "https://pkg.go.dev/github.com/gofutures/gofutures/display"},
	{Text: "gofutures widgets and plots", URL: "https://pkg.go.dev/github.com/gofutures/gofutures/display/widget"},
	{Text: "gofutures tutorials", URL: "https://github.com/gofutures/gofutures/tree/main/notebooks"},
	{Text: "gofutures magics (%time, %env, !command, ...)", URL: "https://github.com/gofutures/gofutures#magics-and-shell-commands"},
	{Text: "Go documentation", URL: "https://go.dev/doc/"},
	{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
}
