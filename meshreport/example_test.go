package meshreport_test

import (
	"fmt"
	"log"
	"os"

	"github.com/smusmesh/smusmesh/meshreport"
)

// After app.Synth, write the mesh map, the access matrix, the cost report and the synth
// summary of every stage into the cloud assembly, and print the summaries on stderr.
func ExampleWrite() {
	if _, err := meshreport.Write("cdk.out", os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// Read who reads which columns of which product table, from what the templates grant.
func ExampleLoad() {
	mesh, err := meshreport.Load("cdk.out")
	if err != nil {
		log.Fatal(err)
	}
	for _, stage := range mesh.Stages {
		for _, a := range stage.Access {
			fmt.Println(stage.Name, a.ReadText())
		}
		fmt.Printf("%s commits to about $%.0f per month\n", stage.Name, stage.Costs(nil).Committed)
	}
}
