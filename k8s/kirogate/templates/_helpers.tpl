{{- define "kirogate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "kirogate.labels" -}}
app.kubernetes.io/part-of: kirogate
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "name" "api-gateway") */}}
{{- define "kirogate.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "kirogate.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "kirogate.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "kirogate.fullname" . }}-secrets{{- end -}}
{{- end -}}

{{/* The four services: values key, entry, ports and whether they use Postgres. */}}
{{- define "kirogate.services" -}}
api-gateway:
  key: apiGateway
  entry: services/api-gateway/dist/main.js
  ports: {http: 8000}
  database: false
  kiro: true
token-broker:
  key: tokenBroker
  entry: services/token-broker/dist/main.js
  ports: {grpc: 50051}
  database: true
  kiro: true
user-service:
  key: userService
  entry: services/user-service/dist/main.js
  ports: {http: 8080, grpc: 50052}
  database: true
  kiro: true
worker:
  key: worker
  entry: services/worker/dist/main.js
  ports: {}
  database: true
  kiro: false
{{- end -}}

{{- define "kirogate.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "kirogate.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Checksums of the config and of a chart-made Secret: a change rolls every pod. */}}
{{- define "kirogate.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not (or .Values.existingSecret .Values.externalSecret.enabled) }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end -}}

{{- define "kirogate.firstPublicUrl" -}}
{{- (splitList "," .Values.publicUrl | first | trim | trimSuffix "/") | default "http://localhost:8000" -}}
{{- end -}}
