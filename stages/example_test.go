package stages_test

import (
	"fmt"

	"github.com/smusmesh/smusmesh/problem"
	"github.com/smusmesh/smusmesh/stages"
)

// A definition is parsed and validated without synthesizing anything: every problem
// names its file, line and path.
func ExampleParse() {
	_, err := stages.Parse("mesh.yaml", []byte(`governance:
  name: mesh-governance
domains:
  - name: energy
    profiles:
      - name: Analytics
    projects:
      - name: Forecasting
        profile: Analytic
        members:
          - user: sam@example.com
            designation: boss
`))
	for _, p := range problem.All(err) {
		fmt.Println(p)
	}
	// Output:
	// smusmesh: mesh.yaml:9: domains[energy].projects[Forecasting].profile: "Analytic": invalid props: the domain has no profile of that name: use one of [Analytics]
	// smusmesh: mesh.yaml:12: domains[energy].projects[Forecasting].members[0].designation: unknown designation "boss": use owner, contributor, catalogViewer, catalogConsumer or catalogSteward (invalid props)
}
