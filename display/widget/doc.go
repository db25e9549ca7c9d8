// Package widget renders the live state of computations (a task's status, a
// progress bar, a client summary, a task stream) as display bundles: small
// HTML with a text/plain fallback, shown and updated in place through a
// display.Handle. A progress bar can also be an ipywidgets IntProgress over
// comms when the frontend has the Jupyter widgets manager; SetComms and
// WantComms decide when (see CommsMode).
//
// Widgets take plain data (names, counts, times), not futures: the host
// translates its own events into these structs. They own no goroutines;
// pacing belongs to display.Handle and display.Pacer.
package widget
