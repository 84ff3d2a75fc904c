package cfnfrag

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/cloudformationinclude"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

func TestMain(m *testing.M) { jsiitest.Main(m, Release) }

// holder is a construct of ours that is an include, as IncludeChildren expects (jsii
// needs an exported method with a pointer receiver to make it one).
type holder struct {
	cloudformationinclude.CfnInclude
}

func (h *holder) Topic() awssns.CfnTopic {
	return h.GetResource(jsii.String("Topic")).(awssns.CfnTopic)
}

// build makes, in an app with or without path metadata, a stack and a nested stack each
// with a construct "Holder" of a topic and a subscription to it (retained, with metadata and
// a DependsOn inside the construct, a property token from elsewhere): as an include of a
// fragment when frag, else as L1 children.
func build(t *testing.T, pathMetadata, frag bool) map[string]any {
	t.Helper()
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"aws:cdk:enable-path-metadata": pathMetadata}})
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	other := awssns.NewCfnTopic(stack, jsii.String("Other"), nil)
	nested := awscdk.NewNestedStack(stack, jsii.String("Nested"), nil)
	scopes := map[string]awscdk.Stack{"stack": stack, "nested": nested}
	for _, scope := range scopes {
		if frag {
			h := &holder{}
			IncludeChildren(scope, "Holder", h, Fragment{
				{LogicalID: "Topic", Type: "AWS::SNS::Topic", Properties: map[string]any{"DisplayName": *other.AttrTopicName()},
					DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Metadata: map[string]any{"k": map[string]any{"v": 1}}},
				{LogicalID: "Subscription", Type: "AWS::SNS::Subscription", DependsOn: []string{"Topic"},
					Properties: map[string]any{"Protocol": "email", "Endpoint": "a@example.com", "TopicArn": map[string]any{"Ref": "Topic"}}},
			}, SiteOf(scope))
			if *h.Topic().Node().Path() != *scope.Node().Path()+"/Holder/Topic" {
				t.Errorf("topic path %s", *h.Topic().Node().Path())
			}
		} else {
			c := constructs.NewConstruct(scope, jsii.String("Holder"))
			tp := awssns.NewCfnTopic(c, jsii.String("Topic"), &awssns.CfnTopicProps{DisplayName: other.AttrTopicName()})
			tp.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
			tp.AddMetadata(jsii.String("k"), map[string]any{"v": 1})
			s := awssns.NewCfnSubscription(c, jsii.String("Subscription"), &awssns.CfnSubscriptionProps{Protocol: jsii.String("email"), Endpoint: jsii.String("a@example.com"), TopicArn: tp.Ref()})
			s.AddDependency(tp)
		}
	}
	out := map[string]any{}
	for name, scope := range scopes {
		out[name] = *assertions.Template_FromStack(scope, nil).ToJSON()
	}
	return out
}

// TestIncludeChildren: the resources of a fragment included with IncludeChildren are in
// the template exactly as L1 children of the same ids would be: logical IDs, properties
// (a token of another stack's resource becomes a nested stack parameter), DependsOn,
// policies, metadata, and the path metadata when the app writes it.
func TestIncludeChildren(t *testing.T) {
	for _, pm := range []bool{false, true} {
		got, want := build(t, pm, true), build(t, pm, false)
		if !reflect.DeepEqual(got, want) {
			g, _ := json.MarshalIndent(got, "", " ")
			w, _ := json.MarshalIndent(want, "", " ")
			t.Errorf("path metadata %v: include\n%s\nL1 children\n%s", pm, g, w)
		}
	}
}

func TestSite(t *testing.T) {
	app := awscdk.NewApp(nil)
	stage := awscdk.NewStage(app, jsii.String("dev"), nil)
	stack := awscdk.NewStack(stage, jsii.String("Stack"), nil)
	for _, c := range []struct {
		scope constructs.Construct
		want  Site
	}{{app, Site{}}, {stage, Site{Path: "dev"}}, {stack, Site{Path: "dev/Stack"}}} {
		if got := SiteOf(c.scope); got != c.want {
			t.Errorf("SiteOf = %+v, want %+v", got, c.want)
		}
	}
	if got := (Site{Path: "dev", PathMetadata: true}).Child("Stack"); got != (Site{Path: "dev/Stack", PathMetadata: true}) {
		t.Errorf("Child = %+v", got)
	}
	if got := (Site{}).Child("Stack"); got.Path != "Stack" {
		t.Errorf("Child of the app = %+v", got)
	}
	for v, want := range map[any]bool{nil: false, false: false, true: true, "": false, "true": true, "false": true, 0.0: false, 1.0: true} {
		if truthy(v) != want {
			t.Errorf("truthy(%#v) = %v", v, !want)
		}
	}
}

// TestScratchFile: every include writes the same file of the process, which holds the
// last fragment, whole (a shorter fragment leaves nothing of a longer one).
func TestScratchFile(t *testing.T) {
	scratch.Lock()
	defer scratch.Unlock()
	a, err := write([]byte(`{"Resources":{"Long":{"Type":"T"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := write([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("two files: %s, %s", a, b)
	}
	if data, err := os.ReadFile(b); err != nil || string(data) != `{}` {
		t.Errorf("file holds %q, %v", data, err)
	}
}

// TestScratchRelease: Release removes the process's file; the next include makes a new one;
// a file older than a day in the directory is a leftover, removed when a file is made.
func TestScratchRelease(t *testing.T) {
	scratch.Lock()
	name, err := write([]byte(`{}`))
	scratch.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	Release()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("after Release, %s: %v", name, err)
	}
	stale := filepath.Join(scratchDir(), "fragment-leftover.json")
	fresh := filepath.Join(scratchDir(), "fragment-recent.json")
	for _, f := range []string{stale, fresh} {
		if err := os.WriteFile(f, []byte(`{}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	defer os.Remove(fresh)
	old := time.Now().Add(-25 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	scratch.Lock()
	again, err := write([]byte(`{}`))
	scratch.Unlock()
	defer Release()
	if err != nil || again == name && !fileExists(again) {
		t.Fatalf("write after Release: %s, %v", again, err)
	}
	if fileExists(stale) {
		t.Error("a day-old scratch file of another process was not removed")
	}
	if !fileExists(fresh) {
		t.Error("a recent scratch file of another process was removed")
	}
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
