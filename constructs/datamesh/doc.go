// Package datamesh holds the smusmesh constructs (documentation grows with the package).
package datamesh
