{{/* The release's full name, at most 63 characters (a DNS label). */}}
{{- define "taskforge.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on everything. */}}
{{- define "taskforge.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "api"). */}}
{{- define "taskforge.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "taskforge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "taskforge.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "taskforge.secretName" -}}
{{- default (printf "%s-secrets" (include "taskforge.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The Secret keys this release needs, whichever Secret holds them. */}}
{{- define "taskforge.requiredSecretKeys" -}}
{{- range .Values.apiKeys }}
- {{ printf "api-key-%s-sha256" .name }}
{{- end }}
{{- range .Values.webhooks.namedSecrets }}
- {{ printf "webhook-secret-%s" . }}
{{- end }}
{{- if eq .Values.artifacts.backend "s3" }}
- artifacts-s3-access-key-id
- artifacts-s3-secret-access-key
{{- end }}
{{- end -}}

{{/*
Checks the values that have no safe default; rendering fails with a message naming the value.
*/}}
{{- define "taskforge.validate" -}}
{{- $_ := required "temporal.address is required: the Temporal frontend's host:port (Temporal is a prerequisite, see the chart's README)" .Values.temporal.address -}}
{{- if and (empty .Values.apiKeys) (empty .Values.auth.jwtIssuerUri) -}}
{{- fail "apiKeys is empty and auth.jwtIssuerUri is unset: nobody could call the API" -}}
{{- end -}}
{{- range .Values.apiKeys -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$" (toString .name)) -}}
{{- fail (printf "apiKeys: name %q must be lower-case letters, digits and dashes" (toString .name)) -}}
{{- end -}}
{{- $_ := required (printf "apiKeys[%s].tenant is required" .name) .tenant -}}
{{- end -}}
{{- range .Values.webhooks.namedSecrets -}}
{{- if not (regexMatch "^[a-z0-9]+$" (toString .)) -}}
{{- fail (printf "webhooks.namedSecrets: %q must be lower-case letters and digits" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- range .Values.egress.allow -}}
{{- if not (regexMatch `^([0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(/[0-9]{1,3})?|\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5})$` (toString .)) -}}
{{- fail (printf "egress.allow: %q must be a CIDR (10.0.0.0/8), an address, or host:port (api.example.com:443)" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- range .Values.egress.protected -}}
{{- if not (regexMatch `^([0-9]{1,5}|\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5})$` (toString .)) -}}
{{- fail (printf "egress.protected: %q must be a port (7243) or host:port (billing.internal:8080)" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- if not (has .Values.artifacts.backend (list "local" "s3")) -}}
{{- fail (printf "artifacts.backend must be local or s3, not %q" (toString .Values.artifacts.backend)) -}}
{{- end -}}
{{- if eq .Values.artifacts.backend "s3" -}}
{{- $_ := required "artifacts.s3.bucket is required with artifacts.backend=s3" .Values.artifacts.s3.bucket -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- range (include "taskforge.requiredSecretKeys" . | fromYamlArray) -}}
{{- if not (get $.Values.secrets.data .) -}}
{{- fail (printf "secrets.data.%s is required (or name a Secret holding it in secrets.existingSecret)" .) -}}
{{- end -}}
{{- end -}}
{{- range .Values.apiKeys -}}
{{- $hash := get $.Values.secrets.data (printf "api-key-%s-sha256" .name) -}}
{{- if not (regexMatch "^[0-9a-f]{64}$" (toString $hash)) -}}
{{- fail (printf "secrets.data.api-key-%s-sha256 must be a SHA-256 in lower-case hex (printf %%s \"$KEY\" | sha256sum)" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A secretKeyRef env entry: (dict "root" $ "name" "ENV" "key" "secret-key" "optional" true). */}}
{{- define "taskforge.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "taskforge.secretName" .root }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Environment shared by the API and the workers (the app image), beyond the ConfigMap. */}}
{{- define "taskforge.appSecretEnv" -}}
{{- range $i, $key := .Values.apiKeys }}
- name: TASKFORGE_SECURITY_APIKEYS_{{ $i }}_NAME
  value: {{ $key.name | quote }}
- name: TASKFORGE_SECURITY_APIKEYS_{{ $i }}_TENANT
  value: {{ $key.tenant | quote }}
- name: TASKFORGE_SECURITY_APIKEYS_{{ $i }}_ADMIN
  value: {{ $key.admin | default false | quote }}
{{ include "taskforge.secretEnv" (dict "root" $ "name" (printf "TASKFORGE_SECURITY_APIKEYS_%d_SHA256" $i) "key" (printf "api-key-%s-sha256" $key.name)) }}
{{- end }}
{{ include "taskforge.secretEnv" (dict "root" . "name" "TASKFORGE_WEBHOOKS_SECRET" "key" "webhooks-secret" "optional" true) }}
{{- range .Values.webhooks.namedSecrets }}
{{ include "taskforge.secretEnv" (dict "root" $ "name" (printf "TASKFORGE_WEBHOOKS_SECRETS_%s" (upper .)) "key" (printf "webhook-secret-%s" .)) }}
{{- end }}
{{- include "taskforge.commonSecretEnv" . }}
{{- end -}}

{{/* Secrets every process takes: Temporal's API key, the alert signature, S3 credentials. */}}
{{- define "taskforge.commonSecretEnv" }}
{{ include "taskforge.secretEnv" (dict "root" . "name" "TEMPORAL_API_KEY" "key" "temporal-api-key" "optional" true) }}
{{ include "taskforge.secretEnv" (dict "root" . "name" "TASKFORGE_ALERTS_WEBHOOK_SECRET" "key" "alerts-webhook-secret" "optional" true) }}
{{- if eq .Values.artifacts.backend "s3" }}
{{ include "taskforge.secretEnv" (dict "root" . "name" "TASKFORGE_ARTIFACTS_S3_ACCESS_KEY_ID" "key" "artifacts-s3-access-key-id") }}
{{ include "taskforge.secretEnv" (dict "root" . "name" "TASKFORGE_ARTIFACTS_S3_SECRET_ACCESS_KEY" "key" "artifacts-s3-secret-access-key") }}
{{- end }}
{{- end -}}

{{/* Probes on the container's `http` port. */}}
{{- define "taskforge.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  {{- toYaml .Values.probes.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  {{- toYaml .Values.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  {{- toYaml .Values.probes.readiness | nindent 2 }}
{{- end -}}

{{/* The local artifacts volume (a shared claim, or a pod's own emptyDir) and its mount. */}}
{{- define "taskforge.artifactsVolume" -}}
- name: artifacts
  {{- if .Values.artifacts.local.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.artifacts.local.existingClaim }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- end -}}

{{- define "taskforge.artifactsMount" -}}
- name: artifacts
  mountPath: {{ .Values.artifacts.local.dir }}
{{- end -}}

{{/* Annotations that roll the pods when their configuration changes. */}}
{{- define "taskforge.configChecksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secrets: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end -}}
