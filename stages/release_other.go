//go:build !linux

package stages

// releaseEmbedded does nothing outside Linux (see release_linux.go).
func releaseEmbedded() {}
