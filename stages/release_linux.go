package stages

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// madvPageout is Linux's MADV_PAGEOUT (5.4+): reclaim the pages of a range now. Clean
// file-backed pages are dropped and read back from the file if touched again; written
// (copied-on-write) pages stay without swap. The contents never change.
const madvPageout = 21

// releaseEmbedded hands back to the OS the resident pages of the program file's data
// segments: mostly the npm tarballs of aws-cdk-lib, cdk-nag and their dependencies,
// which the Go bindings embed (go:embed) and the jsii runtime has written to disk for
// the Node.js kernel when the first construct was made, and never reads again. About
// 60 MB of a mesh program's resident set, measured with bench/meshsynth (bench/README.md).
// Best effort: an older kernel refuses the advice and nothing changes.
func releaseEmbedded() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 02017000-05a67000 rw-p 01c17000 fe:00 10421362   /path/to/program
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[5] != exe || strings.Contains(fields[1], "x") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), madvPageout)
	}
}
