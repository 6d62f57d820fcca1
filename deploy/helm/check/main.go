// Command chartcheck checks rendered Kubernetes manifests (helm template's output) offline, with
// no schema download: every document is decoded strictly into the Go types of the Kubernetes API
// (k8s.io/api, and Prometheus Operator's for ServiceMonitor), so an unknown field, a wrong type,
// a bad quantity or an unknown kind fails. On top, the checks the API server or the cluster would
// make that types alone cannot: names and labels, selectors that match their pods, ports and
// volumes that exist, and Services and ServiceMonitors that select something.
//
//	chartcheck FILE...
//
// It prints one line per document and exits 1 when any check fails.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme,
		networkingv1.AddToScheme, autoscalingv2.AddToScheme, rbacv1.AddToScheme,
		monitoringv1.AddToScheme,
	} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}

// document is one decoded manifest and where it came from.
type document struct {
	source string
	gvk    schema.GroupVersionKind
	object runtime.Object
}

func (d document) String() string {
	meta, _ := metaOf(d.object)
	return fmt.Sprintf("%s %s (%s)", d.gvk.Kind, meta.GetName(), d.source)
}

func metaOf(object runtime.Object) (metav1.Object, bool) {
	accessor, ok := object.(metav1.ObjectMetaAccessor)
	if !ok {
		return nil, false
	}
	return accessor.GetObjectMeta(), true
}

// decodeAll splits a YAML stream and decodes each non-empty document strictly.
func decodeAll(s *runtime.Scheme, source string, r io.Reader) ([]document, []error) {
	var docs []document
	var errs []error
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	for index := 0; ; index++ {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", source, err))
			break
		}
		if isEmpty(raw) {
			continue
		}
		where := fmt.Sprintf("%s#%d", source, index)
		doc, err := decode(s, where, raw)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errs
}

func isEmpty(raw []byte) bool {
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && line != "---" {
			return false
		}
	}
	return true
}

func decode(s *runtime.Scheme, where string, raw []byte) (document, error) {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		return document{}, fmt.Errorf("%s: not a manifest: %w", where, err)
	}
	gv, err := schema.ParseGroupVersion(meta.APIVersion)
	if err != nil || meta.Kind == "" {
		return document{}, fmt.Errorf("%s: apiVersion %q, kind %q: both are required", where, meta.APIVersion, meta.Kind)
	}
	gvk := gv.WithKind(meta.Kind)
	object, err := s.New(gvk)
	if err != nil {
		return document{}, fmt.Errorf("%s: %s is not a kind this checker knows: %w", where, gvk, err)
	}
	// UnmarshalStrict: unknown and duplicate fields are errors, as kubectl's strict field
	// validation makes them; wrong types and malformed quantities fail in the decoders.
	if err := yaml.UnmarshalStrict(raw, object); err != nil {
		return document{}, fmt.Errorf("%s: %s: %w", where, gvk.Kind, err)
	}
	return document{source: where, gvk: gvk, object: object}, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: chartcheck FILE...")
		os.Exit(2)
	}
	s := newScheme()
	failed := false
	for _, path := range os.Args[1:] {
		content, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		docs, errs := decodeAll(s, path, bytes.NewReader(content))
		errs = append(errs, check(docs)...)
		for _, doc := range docs {
			fmt.Printf("decoded %s\n", doc)
		}
		for _, err := range errs {
			fmt.Printf("FAIL %v\n", err)
			failed = true
		}
		if len(errs) == 0 {
			fmt.Printf("%s: %d documents valid\n", path, len(docs))
		}
	}
	if failed {
		os.Exit(1)
	}
}
