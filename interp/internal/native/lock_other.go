//go:build !unix

package native

// lockDir does nothing where plugins are not supported anyway.
func lockDir(string) (func(), error) { return func() {}, nil }
