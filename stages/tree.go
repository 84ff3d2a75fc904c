package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// treeNode is a construct of the App's tree.json (aws-cdk-lib core/lib/private/tree-metadata.ts):
// its id, the CloudFormation type of a resource, and its children in the order of
// node.children, which is the order aws-cdk-lib lists them to aspects too.
type treeNode struct {
	id       string
	cfnType  string
	children []*treeNode
	// file and treeID: the node is a reference to a subtree written to another file of
	// the forest (a tree of more than @aws-cdk/core.TreeMetadata:maxNodes nodes).
	file, treeID string
}

// child returns the child with id, or nil.
func (n *treeNode) child(id string) *treeNode {
	for _, c := range n.children {
		if c.id == id {
			return c
		}
	}
	return nil
}

// appTree is the construct tree of an App as written to its cloud assembly.
type appTree struct {
	dir    string
	root   *treeNode
	forest map[string]map[string]*treeNode // file -> tree id -> subtree root
}

// lookup follows ids from the App down and returns the node, or nil.
func (t *appTree) lookup(ids ...string) (*treeNode, error) {
	n := t.root
	for _, id := range ids {
		if n = n.child(id); n == nil {
			return nil, nil
		}
		var err error
		if n, err = t.resolve(n); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// resolve returns the subtree a reference node stands for, or n itself.
func (t *appTree) resolve(n *treeNode) (*treeNode, error) {
	if n.file == "" {
		return n, nil
	}
	f, ok := t.forest[n.file]
	if !ok {
		var err error
		if f, err = readForest(filepath.Join(t.dir, n.file)); err != nil {
			return nil, err
		}
		t.forest[n.file] = f
	}
	sub, ok := f[n.treeID]
	if !ok {
		return nil, fmt.Errorf("%s: no tree %q", n.file, n.treeID)
	}
	return sub, nil
}

// The App's tree is read once for the guards of all its stages.
var lastTree struct {
	sync.Mutex
	path string
	mod  time.Time
	size int64
	tree *appTree
}

// readAppTree finds the tree.json of the App whose cloud assembly holds the stage
// assembly directory dir (the manifest.json of that assembly names it, artifact type
// cdk:tree) and reads it. aws-cdk-lib writes it before it runs the validation plugins
// (core/lib/private/synthesis.ts: synthesizeTree, then validateTemplates).
func readAppTree(dir string) (*appTree, error) {
	path, err := findTreeFile(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	lastTree.Lock()
	defer lastTree.Unlock()
	if lastTree.tree != nil && lastTree.path == path && lastTree.mod.Equal(fi.ModTime()) && lastTree.size == fi.Size() {
		return lastTree.tree, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var root *treeNode
	err = readObject(json.NewDecoder(f), func(dec *json.Decoder, key string) error {
		if key != "tree" {
			return skipValue(dec)
		}
		var err error
		root, err = readTreeNode(dec)
		return err
	})
	if err == nil && root == nil {
		err = errors.New("no tree")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &appTree{dir: filepath.Dir(path), root: root, forest: map[string]map[string]*treeNode{}}
	lastTree.path, lastTree.mod, lastTree.size, lastTree.tree = path, fi.ModTime(), fi.Size(), t
	return t, nil
}

// findTreeFile returns the tree file named by the manifest of dir or of the closest
// directory above it that names one.
func findTreeFile(dir string) (string, error) {
	for d := dir; ; {
		b, err := os.ReadFile(filepath.Join(d, "manifest.json"))
		if err == nil {
			var m struct {
				Artifacts map[string]struct {
					Type       string
					Properties struct{ File string }
				}
			}
			if err := json.Unmarshal(b, &m); err != nil {
				return "", fmt.Errorf("%s: %w", filepath.Join(d, "manifest.json"), err)
			}
			for _, a := range m.Artifacts {
				if a.Type == "cdk:tree" && a.Properties.File != "" {
					return filepath.Join(d, a.Properties.File), nil
				}
			}
		}
		up := filepath.Dir(d)
		if up == d || d == "" {
			return "", fmt.Errorf("no construct tree (tree.json) in the cloud assembly of %s: the App was made with its tree metadata off (AppProps.TreeMetadata)", dir)
		}
		d = up
	}
}

// readForest reads a forest file of tree.json: {"forest": {"t0": node, ...}}.
func readForest(path string) (map[string]*treeNode, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]*treeNode{}
	err = readObject(json.NewDecoder(f), func(dec *json.Decoder, key string) error {
		if key != "forest" {
			return skipValue(dec)
		}
		return readObject(dec, func(dec *json.Decoder, id string) error {
			n, err := readTreeNode(dec)
			out[id] = n
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// readTreeNode reads one node of tree.json and its children, in order (a Go map would
// lose it).
func readTreeNode(dec *json.Decoder) (*treeNode, error) {
	n := &treeNode{}
	err := readObject(dec, func(dec *json.Decoder, key string) error {
		switch key {
		case "id":
			return dec.Decode(&n.id)
		case "fileName":
			return dec.Decode(&n.file)
		case "treeId":
			return dec.Decode(&n.treeID)
		case "attributes":
			var a struct {
				Type string `json:"aws:cdk:cloudformation:type"`
			}
			err := dec.Decode(&a)
			n.cfnType = a.Type
			return err
		case "children":
			return readObject(dec, func(dec *json.Decoder, _ string) error {
				c, err := readTreeNode(dec)
				n.children = append(n.children, c)
				return err
			})
		}
		return skipValue(dec)
	})
	return n, err
}

// readObject reads a JSON object from dec, calling member for each key with dec at its
// value, which member must consume.
func readObject(dec *json.Decoder, member func(dec *json.Decoder, key string) error) error {
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('{') {
		return fmt.Errorf("want an object, have %v", t)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if err := member(dec, key); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}
