//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// procMem is the memory of one process of a measured tree, in bytes.
type procMem struct {
	rss  int64 // resident set (VmRSS)
	file int64 // of which file-backed pages (RssFile): mapped program files, libraries
	hwm  int64 // the process's own peak resident set so far (VmHWM)
}

// rolePeak is one kind of process of a tree over a run: its memory at the moment the
// tree's resident set peaked, and its own peak, which may come earlier or later.
type rolePeak struct {
	atPeak procMem // at the tree's peak (zero if it was not running then)
	own    int64   // its own peak (VmHWM, or the largest sampled VmRSS)
}

// treeSampler samples the resident memory of the process tree under the harness (every
// descendant of pid: the subreaper adopts orphans) by role: "app" for the measured
// command itself, "wrapper" and "kernel" for the jsii runtime's two Node.js processes
// (bin/jsii-runtime.js, which only spawns lib/program.js and relays its fd 3, and
// lib/program.js, the kernel), else the base name of the program.
type treeSampler struct {
	pid, app int
	peak     int64              // the largest sum of VmRSS
	atPeak   map[string]procMem // by role, at that moment
	own      map[int]int64      // by pid, each process's own peak
	roles    map[int]string     // by pid, the last role seen (a child is classified after exec)
}

func newTreeSampler(pid, app int) *treeSampler {
	return &treeSampler{pid: pid, app: app, own: map[int]int64{}, roles: map[int]string{}}
}

// sample reads /proc once.
func (t *treeSampler) sample() {
	procs := map[string]procMem{}
	var total int64
	for _, p := range descendants(t.pid) {
		m, ok := readStatus(p)
		if !ok {
			continue
		}
		role := roleOf(p, t.app)
		t.roles[p] = role
		t.own[p] = max(t.own[p], m.hwm, m.rss)
		r := procs[role]
		r.rss += m.rss
		r.file += m.file
		procs[role] = r
		total += m.rss
	}
	if total > t.peak {
		t.peak, t.atPeak = total, procs
	}
}

// result returns each role's memory at the tree's peak and its own peak (the largest of
// its processes').
func (t *treeSampler) result() map[string]rolePeak {
	out := map[string]rolePeak{}
	for role, m := range t.atPeak {
		out[role] = rolePeak{atPeak: m}
	}
	for p, hwm := range t.own {
		r := out[t.roles[p]]
		r.own = max(r.own, hwm)
		out[t.roles[p]] = r
	}
	return out
}

// pfForkNoExec is the kernel's PF_FORKNOEXEC process flag: forked, not yet exec'd.
const pfForkNoExec = 0x40

// descendants returns every process whose ancestors include pid, from /proc/*/stat, but
// those that have forked and not yet exec'd: their memory is their parent's (Go forks
// with vfork: the same pages) or a copy of it about to be replaced, and their program
// is not yet the one they will run.
func descendants(pid int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parent, forked := map[int]int{}, map[int]bool{}
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name (field 2) may contain spaces: fields start after the last ')'.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) < 7 {
			continue
		}
		parent[p], _ = strconv.Atoi(f[1])
		if flags, _ := strconv.ParseUint(f[6], 10, 64); flags&pfForkNoExec != 0 {
			forked[p] = true
		}
	}
	var out []int
	for p := range parent {
		if forked[p] {
			continue
		}
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// readStatus reads VmRSS, RssFile and VmHWM of pid (false if it has exited or is a
// zombie, which has no memory left).
func readStatus(pid int) (procMem, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return procMem{}, false
	}
	var m procMem
	found := false
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var dst *int64
		switch k {
		case "VmRSS":
			dst, found = &m.rss, true
		case "RssFile":
			dst = &m.file
		case "VmHWM":
			dst = &m.hwm
		default:
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		*dst = kb << 10
	}
	return m, found
}

// roleOf classifies pid by its command line.
func roleOf(pid, app int) string {
	if pid == app {
		return "app"
	}
	data, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	args := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
	if args[0] == "" {
		return "other"
	}
	prog := filepath.Base(args[0])
	if strings.HasPrefix(prog, "node") {
		for _, a := range args[1:] {
			switch {
			case strings.HasSuffix(a, "bin/jsii-runtime.js"):
				return "wrapper"
			case strings.HasSuffix(a, "lib/program.js"):
				return "kernel"
			}
		}
	}
	return prog
}
