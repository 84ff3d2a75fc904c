package nagpacks

import (
	"testing"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

func TestMain(m *testing.M) { jsiitest.Main(m, cfnfrag.Release) }
