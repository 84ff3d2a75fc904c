//go:build !linux

package main

import (
	"fmt"
	"os"
)

// The harness reads /proc and uses Linux process accounting (bench/README.md).
func main() {
	fmt.Fprintln(os.Stderr, "compare: runs on Linux only")
	os.Exit(1)
}
