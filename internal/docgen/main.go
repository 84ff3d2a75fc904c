// Command docgen writes the props tables of docs/constructs/*.md from the Go source: the
// field, its type, what it is and its default, as the field's doc comment says (the
// "Default:" paragraph). Each page keeps its own text; only the part between the markers
//
//	<!-- props:begin -->
//	<!-- props:end -->
//
// is rewritten. Run it from the module root after changing a props struct:
//
//	go run ./internal/docgen
//
// The test of this package fails when a page is out of date.
package main

import (
	"fmt"
	"os"
)

func main() {
	changed, err := Generate(".", true)
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	for _, f := range changed {
		fmt.Println("updated", f)
	}
}
