package datacontract

import (
	"errors"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"24h": 24 * time.Hour, "90m": 90 * time.Minute, "1d": Day, "1d12h": 36 * time.Hour, "2w": 2 * Week,
		"7y": 7 * Year, "30s": 30 * time.Second, "P1D": Day, "PT12H": 12 * time.Hour, "P1Y6M": Year + 6*30*Day,
		"P2W": 2 * Week, "P1DT30M": Day + 30*time.Minute, " 24H ": 24 * time.Hour,
	} {
		got, err := ParseDuration(s)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "24", "daily", "0h", "1x", "P", "PT", "P1H", "h", "1.5h", "-1h", "99999999999999y"} {
		if _, err := ParseDuration(s); !errors.Is(err, ErrInvalidDuration) {
			t.Errorf("ParseDuration(%q) = %v, want ErrInvalidDuration", s, err)
		}
	}
}

func TestParseRetention(t *testing.T) {
	for s, want := range map[string]time.Duration{"365": 365 * Day, "7y": 7 * Year, "P90D": 90 * Day} {
		if got, err := ParseRetention(s); err != nil || got != want {
			t.Errorf("ParseRetention(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"0", "-5", "forever", "99999999999"} {
		if _, err := ParseRetention(s); !errors.Is(err, ErrInvalidDuration) {
			t.Errorf("ParseRetention(%q) = %v, want ErrInvalidDuration", s, err)
		}
	}
}

func TestParseType(t *testing.T) {
	for _, s := range []string{
		"string", "INT", "integer", "bigint", "double", "boolean", "date", "timestamp", "binary", "tinyint", "smallint", "float",
		"decimal", "decimal(10)", "decimal(38,0)", "decimal( 5 , 2 )", "char(2)", "varchar(65535)",
		"array<string>", "map<string,array<int>>", "struct<a:int, b : struct<c:string>>", "array<struct<id:bigint,tags:map<string,string>>>",
	} {
		if err := ParseType(s); err != nil {
			t.Errorf("ParseType(%q) = %v", s, err)
		}
	}
	for _, s := range []string{
		"", "text", "long", "decimal(0)", "decimal(39,1)", "decimal(5,6)", "char", "char(256)", "varchar(0)", "int(4)",
		"array", "array<>", "array<string", "map<string>", "map<array<int>,string>", "struct<>", "struct<a int>",
		"struct<a:int,a:string>", "string string", "array<string>>",
	} {
		if err := ParseType(s); !errors.Is(err, ErrUnknownType) {
			t.Errorf("ParseType(%q) = %v, want ErrUnknownType", s, err)
		}
	}
}

func TestClassification(t *testing.T) {
	if !ClassificationSensitivePII.AtLeast(ClassificationPII) || ClassificationInternal.AtLeast(ClassificationConfidential) {
		t.Error("AtLeast does not follow the order of Classifications")
	}
	if !ClassificationPII.IsPII() || ClassificationConfidential.IsPII() {
		t.Error("IsPII is wrong")
	}
	if Classification("").Valid() || Classification("pii").Valid() {
		t.Error("Valid accepts a value that is not a classification")
	}
}
