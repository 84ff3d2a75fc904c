// Package problem is the one problem type of smusmesh: what is wrong with a construct's
// props, a data contract or an entry of a mesh definition, where (the construct path, or
// the file, line and path of the definition entry), which field and value, and how to fix
// it, wrapping a sentinel error of the package that found it (datamesh.ErrDuplicate,
// datacontract.ErrUnknownColumn, stages.ErrUnknownKey ...) for errors.Is.
//
// Validation reports every problem at once: a List collects them and its Err is an error
// that holds them all; All takes them back out, one per line. Constructors panic with that
// error; Catch turns the panic (and any error the AWS CDK raises while building, such as
// an invalid ARN or a duplicate construct ID) back into problems, so that a main function
// prints one line per problem instead of a goroutine trace.
//
// The package has no AWS CDK dependency: the constructs, the data contracts and the mesh
// definition all use it.
package problem
