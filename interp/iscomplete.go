package interp

// isComplete reports whether code is a complete cell: "complete",
// "incomplete" (with the indent for the next line) or "invalid".
func isComplete(code string) (status, indent string) {
	return "unknown", ""
}
