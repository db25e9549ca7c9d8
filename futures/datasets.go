package futures

import (
	"errors"
	"fmt"
	"sort"
)

// Errors of the named datasets.
var (
	// ErrNoDataset is returned by GetDataset and UnpublishDataset for a
	// name that is not published.
	ErrNoDataset = errors.New("futures: no such dataset")
	// ErrDatasetExists is returned by PublishDataset for a name already
	// published.
	ErrDatasetExists = errors.New("futures: dataset already published")
)

// PublishDataset publishes v under name, as Dask's publish_dataset does,
// so that other code with the client (another cell, a task) can get it by
// name. A published future keeps its result alive until unpublished. It
// fails with ErrDatasetExists when name is taken: unpublish it first.
func (c *Client) PublishDataset(name string, v any) error {
	k := c.coordination()
	k.mu.Lock()
	_, taken := k.datasets[name]
	k.mu.Unlock()
	if taken {
		return fmt.Errorf("%w: %s", ErrDatasetExists, name)
	}
	v = hold(v)
	k.mu.Lock()
	if _, taken := k.datasets[name]; taken {
		k.mu.Unlock()
		drop(v)
		return fmt.Errorf("%w: %s", ErrDatasetExists, name)
	}
	k.datasets[name] = v
	k.mu.Unlock()
	return nil
}

// GetDataset returns the dataset published as name (a future as a new
// handle on it), or ErrNoDataset.
func (c *Client) GetDataset(name string) (any, error) {
	k := c.coordination()
	k.mu.Lock()
	v, ok := k.datasets[name]
	k.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoDataset, name)
	}
	return share(v), nil
}

// ListDatasets returns the names of the published datasets, sorted.
func (c *Client) ListDatasets() []string {
	k := c.coordination()
	k.mu.Lock()
	out := make([]string, 0, len(k.datasets))
	for name := range k.datasets {
		out = append(out, name)
	}
	k.mu.Unlock()
	sort.Strings(out)
	return out
}

// UnpublishDataset removes the dataset name, releasing a future it held;
// ErrNoDataset when there is none.
func (c *Client) UnpublishDataset(name string) error {
	k := c.coordination()
	k.mu.Lock()
	v, ok := k.datasets[name]
	delete(k.datasets, name)
	k.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoDataset, name)
	}
	drop(v)
	return nil
}
