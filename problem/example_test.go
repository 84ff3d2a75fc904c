package problem_test

import (
	"errors"
	"fmt"

	"github.com/smusmesh/smusmesh/problem"
)

var errDuplicate = errors.New("duplicate")

// A validation collects every problem, then reports them at once; a caller prints one per
// line and tells them apart with errors.Is.
func ExampleList() {
	var l problem.List
	l.Add(&problem.Problem{Construct: "Project", Path: "dev/Sales/Orders", Field: "Name", Value: "Orders",
		Fix: "the unit already has a project of that name: rename one", Err: errDuplicate})
	l.Add(&problem.Problem{File: "mesh.yaml", Line: 12, Path: "domains[sales].network", Value: "CLOSED",
		Fix: "use OPEN or VPC_ONLY", Err: errors.New("invalid props")})
	err := l.Err()
	for _, p := range problem.All(err) {
		fmt.Println(p)
	}
	fmt.Println(errors.Is(err, errDuplicate))
	// Output:
	// smusmesh: Project "dev/Sales/Orders": Name "Orders": duplicate: the unit already has a project of that name: rename one
	// smusmesh: mesh.yaml:12: domains[sales].network: "CLOSED": invalid props: use OPEN or VPC_ONLY
	// true
}

// Catch turns a constructor's panic, or an error the AWS CDK raised while building, into
// problems that a main function prints one per line.
func ExampleCatch() {
	err := problem.Catch(func() {
		panic(errors.New("There is already a Construct with name 'Sales' in Stage [dev]"))
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, problem.ErrCDK))
	// Output:
	// smusmesh: There is already a Construct with name 'Sales' in Stage [dev]
	// true
}
