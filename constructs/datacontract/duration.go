package datacontract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Day, Week and Year are the calendar units that ParseDuration accepts. A year is 365 days
// and an ISO 8601 month is 30 days: contracts state service levels, not calendar dates.
const (
	Day   = 24 * time.Hour
	Week  = 7 * Day
	Year  = 365 * Day
	month = 30 * Day
)

// ParseDuration parses a freshness SLA or retention period. It accepts
//   - a sequence of whole numbers with units s, m, h, d (day), w (week), y (365 days):
//     "90m", "24h", "1d", "1d12h", "7y";
//   - an ISO 8601 duration: "P1D", "PT12H", "P1Y6M" (a month is 30 days), "P2W".
//
// The result must be positive. The error wraps ErrInvalidDuration.
func ParseDuration(s string) (time.Duration, error) {
	d, err := parseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%w %q: %v", ErrInvalidDuration, s, err)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%w %q: must be positive", ErrInvalidDuration, s)
	}
	return d, nil
}

// ParseRetention parses a retention period: what ParseDuration accepts, or a bare whole
// number of days ("365"). The error wraps ErrInvalidDuration.
func ParseRetention(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		if n <= 0 {
			return 0, fmt.Errorf("%w %q: must be positive", ErrInvalidDuration, s)
		}
		if n > int64(math.MaxInt64/int64(Day)) {
			return 0, fmt.Errorf("%w %q: too long", ErrInvalidDuration, s)
		}
		return time.Duration(n) * Day, nil
	}
	return ParseDuration(s)
}

func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	if s[0] == 'P' || s[0] == 'p' {
		return parseISO(s[1:])
	}
	units := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": Day, "w": Week, "y": Year}
	return parseParts(s, func(u string) (time.Duration, bool) {
		d, ok := units[strings.ToLower(u)]
		return d, ok
	}, "use a number and a unit (s, m, h, d, w, y) such as 24h or 1d, or ISO 8601 such as P1D")
}

func parseISO(s string) (time.Duration, error) {
	date, clock, hasT := strings.Cut(s, "T")
	if !hasT {
		date, clock, hasT = strings.Cut(s, "t")
	}
	if date == "" && clock == "" {
		return 0, fmt.Errorf("ISO 8601 duration has no parts: use P1D or PT24H")
	}
	if hasT && clock == "" {
		return 0, fmt.Errorf("ISO 8601 duration has T and no time parts")
	}
	dateUnits := map[string]time.Duration{"Y": Year, "M": month, "W": Week, "D": Day}
	clockUnits := map[string]time.Duration{"H": time.Hour, "M": time.Minute, "S": time.Second}
	var total time.Duration
	if date != "" {
		d, err := parseParts(date, func(u string) (time.Duration, bool) {
			d, ok := dateUnits[strings.ToUpper(u)]
			return d, ok
		}, "ISO 8601 date parts are Y, M (30 days), W, D; put hours after T (PT12H)")
		if err != nil {
			return 0, err
		}
		total = d
	}
	if clock != "" {
		d, err := parseParts(clock, func(u string) (time.Duration, bool) {
			d, ok := clockUnits[strings.ToUpper(u)]
			return d, ok
		}, "ISO 8601 time parts are H, M, S")
		if err != nil {
			return 0, err
		}
		if total > math.MaxInt64-d {
			return 0, fmt.Errorf("too long")
		}
		total += d
	}
	return total, nil
}

// parseParts parses one or more "<digits><unit>" parts and sums them.
func parseParts(s string, unit func(string) (time.Duration, bool), hint string) (time.Duration, error) {
	var total time.Duration
	i := 0
	for i < len(s) {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if start == i {
			return 0, fmt.Errorf("expected a number at %q: %s", s[start:], hint)
		}
		n, err := strconv.ParseInt(s[start:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("too long")
		}
		ustart := i
		for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			i++
		}
		u := s[ustart:i]
		if u == "" {
			return 0, fmt.Errorf("number %s has no unit: %s", s[start:i], hint)
		}
		d, ok := unit(u)
		if !ok {
			return 0, fmt.Errorf("unknown unit %q: %s", u, hint)
		}
		if n > 0 && n > int64(math.MaxInt64/int64(d)) {
			return 0, fmt.Errorf("too long")
		}
		part := time.Duration(n) * d
		if total > math.MaxInt64-part {
			return 0, fmt.Errorf("too long")
		}
		total += part
	}
	return total, nil
}
