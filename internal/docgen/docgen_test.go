package main

import "testing"

// TestConstructPagesUpToDate: the props tables of docs/constructs are those of the source.
func TestConstructPagesUpToDate(t *testing.T) {
	changed, err := Generate("../..", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range changed {
		t.Errorf("%s is out of date: run go run ./internal/docgen", p)
	}
}
