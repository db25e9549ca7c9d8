//go:build race

package interp

const raceBuild = true
