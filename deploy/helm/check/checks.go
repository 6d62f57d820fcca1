package main

import (
	"fmt"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// workload is an object that runs pods from a template.
type workload struct {
	doc      document
	selector *metav1.LabelSelector
	template corev1.PodTemplateSpec
}

func workloadOf(doc document) (workload, bool) {
	switch o := doc.object.(type) {
	case *appsv1.Deployment:
		return workload{doc, o.Spec.Selector, o.Spec.Template}, true
	case *appsv1.StatefulSet:
		return workload{doc, o.Spec.Selector, o.Spec.Template}, true
	case *appsv1.DaemonSet:
		return workload{doc, o.Spec.Selector, o.Spec.Template}, true
	case *batchv1.Job:
		return workload{doc, o.Spec.Selector, o.Spec.Template}, o.Spec.Selector != nil
	}
	return workload{}, false
}

// check runs the checks that span a document's fields or several documents.
func check(docs []document) []error {
	var errs []error
	fail := func(doc document, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", doc, fmt.Sprintf(format, args...)))
	}
	seen := map[string]bool{}
	configMaps := map[string]bool{}
	services := map[string]*corev1.Service{}
	var workloads []workload
	for _, doc := range docs {
		meta, ok := metaOf(doc.object)
		if !ok {
			continue
		}
		checkMeta(doc, meta, fail)
		key := doc.gvk.Kind + "/" + meta.GetName()
		if seen[key] {
			fail(doc, "a second %s of this name", doc.gvk.Kind)
		}
		seen[key] = true
		switch o := doc.object.(type) {
		case *corev1.ConfigMap:
			configMaps[o.Name] = true
		case *corev1.Service:
			services[o.Name] = o
		}
		if w, ok := workloadOf(doc); ok {
			workloads = append(workloads, w)
		}
	}
	for _, w := range workloads {
		checkWorkload(w, configMaps, services, fail)
	}
	for _, doc := range docs {
		switch o := doc.object.(type) {
		case *corev1.Service:
			checkService(doc, o, workloads, fail)
		case *monitoringv1.ServiceMonitor:
			checkServiceMonitor(doc, o, services, fail)
		}
	}
	return errs
}

type failer func(doc document, format string, args ...any)

func checkMeta(doc document, meta metav1.Object, fail failer) {
	name := meta.GetName()
	var problems []string
	if doc.gvk.Kind == "Service" {
		problems = validation.IsDNS1035Label(name)
	} else {
		problems = validation.IsDNS1123Subdomain(name)
	}
	for _, p := range problems {
		fail(doc, "metadata.name %q: %s", name, p)
	}
	for key, value := range meta.GetLabels() {
		for _, p := range validation.IsQualifiedName(key) {
			fail(doc, "label key %q: %s", key, p)
		}
		for _, p := range validation.IsValidLabelValue(value) {
			fail(doc, "label %s=%q: %s", key, value, p)
		}
	}
	for key := range meta.GetAnnotations() {
		for _, p := range validation.IsQualifiedName(strings.ToLower(key)) {
			fail(doc, "annotation key %q: %s", key, p)
		}
	}
}

func checkWorkload(w workload, configMaps map[string]bool, services map[string]*corev1.Service, fail failer) {
	doc := w.doc
	if w.selector == nil {
		fail(doc, "spec.selector is required")
	} else if selector, err := metav1.LabelSelectorAsSelector(w.selector); err != nil {
		fail(doc, "spec.selector: %v", err)
	} else if selector.Empty() || !selector.Matches(labels.Set(w.template.Labels)) {
		fail(doc, "spec.selector %s does not select the pod template's labels %v", selector, w.template.Labels)
	}
	checkMeta(doc, &metav1.ObjectMeta{Name: "template", Labels: w.template.Labels, Annotations: w.template.Annotations}, fail)
	if set, ok := doc.object.(*appsv1.StatefulSet); ok {
		if svc, found := services[set.Spec.ServiceName]; !found {
			fail(doc, "spec.serviceName %q names no Service of this release", set.Spec.ServiceName)
		} else if svc.Spec.ClusterIP != corev1.ClusterIPNone {
			fail(doc, "spec.serviceName %q must be a headless Service (clusterIP: None)", set.Spec.ServiceName)
		}
	}
	pod := w.template.Spec
	volumes := map[string]bool{}
	for _, v := range pod.Volumes {
		for _, p := range validation.IsDNS1123Label(v.Name) {
			fail(doc, "volume %q: %s", v.Name, p)
		}
		if volumes[v.Name] {
			fail(doc, "volume %q declared twice", v.Name)
		}
		volumes[v.Name] = true
		if v.ConfigMap != nil && !configMaps[v.ConfigMap.Name] && (v.ConfigMap.Optional == nil || !*v.ConfigMap.Optional) {
			fail(doc, "volume %q: ConfigMap %q is not part of the release", v.Name, v.ConfigMap.Name)
		}
	}
	if len(pod.Containers) == 0 {
		fail(doc, "no containers")
	}
	names := map[string]bool{}
	for _, c := range append(append([]corev1.Container{}, pod.InitContainers...), pod.Containers...) {
		where := "container " + c.Name
		for _, p := range validation.IsDNS1123Label(c.Name) {
			fail(doc, "%s: name: %s", where, p)
		}
		if names[c.Name] {
			fail(doc, "%s: a second container of this name", where)
		}
		names[c.Name] = true
		if c.Image == "" {
			fail(doc, "%s: image is required", where)
		}
		ports := map[string]bool{}
		for _, port := range c.Ports {
			if port.Name == "" {
				continue
			}
			for _, p := range validation.IsValidPortName(port.Name) {
				fail(doc, "%s: port %q: %s", where, port.Name, p)
			}
			if ports[port.Name] {
				fail(doc, "%s: port %q twice", where, port.Name)
			}
			ports[port.Name] = true
		}
		env := map[string]bool{}
		for _, e := range c.Env {
			for _, p := range validation.IsEnvVarName(e.Name) {
				fail(doc, "%s: env %q: %s", where, e.Name, p)
			}
			if env[e.Name] {
				fail(doc, "%s: env %q set twice (the last one wins)", where, e.Name)
			}
			env[e.Name] = true
			if e.ValueFrom != nil {
				if ref := e.ValueFrom.SecretKeyRef; ref != nil && (ref.Name == "" || ref.Key == "") {
					fail(doc, "%s: env %q: secretKeyRef needs a name and a key", where, e.Name)
				}
				if ref := e.ValueFrom.ConfigMapKeyRef; ref != nil && !configMaps[ref.Name] {
					fail(doc, "%s: env %q: ConfigMap %q is not part of the release", where, e.Name, ref.Name)
				}
			}
		}
		for _, from := range c.EnvFrom {
			if ref := from.ConfigMapRef; ref != nil && !configMaps[ref.Name] && (ref.Optional == nil || !*ref.Optional) {
				fail(doc, "%s: envFrom: ConfigMap %q is not part of the release", where, ref.Name)
			}
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				fail(doc, "%s: volumeMount %q names no volume of the pod", where, m.Name)
			}
		}
		for kind, probe := range map[string]*corev1.Probe{"startupProbe": c.StartupProbe, "livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe} {
			if probe == nil {
				continue
			}
			if probe.HTTPGet != nil {
				checkNamedPort(doc, where+": "+kind, probe.HTTPGet.Port, ports, fail)
			}
			if probe.TimeoutSeconds > 0 && probe.PeriodSeconds > 0 && probe.TimeoutSeconds > probe.PeriodSeconds {
				fail(doc, "%s: %s: timeoutSeconds beyond periodSeconds", where, kind)
			}
		}
		for resource, limit := range c.Resources.Limits {
			request, ok := c.Resources.Requests[resource]
			if !ok {
				continue
			}
			if request.Cmp(limit) > 0 {
				fail(doc, "%s: %s request %s above its limit %s", where, resource, request.String(), limit.String())
			}
			if !isNativeResource(resource) && request.Cmp(limit) != 0 {
				fail(doc, "%s: %s is an extended resource: its request must equal its limit", where, resource)
			}
		}
	}
}

func isNativeResource(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.HasPrefix(string(name), "kubernetes.io/")
}

func checkNamedPort(doc document, where string, port intstr.IntOrString, ports map[string]bool, fail failer) {
	if port.Type == intstr.String && !ports[port.StrVal] {
		fail(doc, "%s: port %q is not a port of the container", where, port.StrVal)
	}
}

func checkService(doc document, svc *corev1.Service, workloads []workload, fail failer) {
	if len(svc.Spec.Selector) == 0 {
		return // endpoints managed by hand
	}
	selector := labels.SelectorFromSet(svc.Spec.Selector)
	var selected []workload
	for _, w := range workloads {
		if selector.Matches(labels.Set(w.template.Labels)) {
			selected = append(selected, w)
		}
	}
	if len(selected) == 0 {
		fail(doc, "spec.selector %s selects no pods of the release", selector)
		return
	}
	for _, port := range svc.Spec.Ports {
		if port.TargetPort.Type != intstr.String {
			continue
		}
		for _, w := range selected {
			found := false
			for _, c := range w.template.Spec.Containers {
				for _, p := range c.Ports {
					found = found || p.Name == port.TargetPort.StrVal
				}
			}
			if !found {
				fail(doc, "port %q: targetPort %q is no container port of %s", port.Name, port.TargetPort.StrVal, w.doc)
			}
		}
	}
}

func checkServiceMonitor(doc document, sm *monitoringv1.ServiceMonitor, services map[string]*corev1.Service, fail failer) {
	selector, err := metav1.LabelSelectorAsSelector(&sm.Spec.Selector)
	if err != nil {
		fail(doc, "spec.selector: %v", err)
		return
	}
	matched := 0
	for _, svc := range services {
		if !selector.Matches(labels.Set(svc.Labels)) {
			continue
		}
		matched++
		for _, endpoint := range sm.Spec.Endpoints {
			found := false
			for _, port := range svc.Spec.Ports {
				found = found || port.Name == endpoint.Port
			}
			if endpoint.Port != "" && !found {
				fail(doc, "endpoint port %q is not a port of Service %s", endpoint.Port, svc.Name)
			}
		}
	}
	if matched == 0 {
		fail(doc, "spec.selector %s selects no Service of the release", selector)
	}
	for _, endpoint := range sm.Spec.Endpoints {
		if endpoint.Port == "" && endpoint.TargetPort == nil {
			fail(doc, "an endpoint needs port or targetPort")
		}
	}
}
