//go:build race

package interp

// raceBuild is true when the tests run under the race detector.
const raceBuild = true
