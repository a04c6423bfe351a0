import { html, type SafeHtml } from './html.ts';
import type { Translate } from './i18n/locale.ts';

/** The parts of an OpenAPI 3.1 document (JSON Schema 2020-12 inside) that the docs page shows. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}

export interface OpenApiView {
  info: { title: string; version: string };
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes?: Record<string, { description?: string }>;
  };
}

/** Anchor ids on the docs page: one per operation, one per schema. */
export const docsAnchors = {
  operation: (method: string, path: string) => `op-${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`,
  schema: (name: string) => `schema-${name}`,
};

const MAX_DEPTH = 3;

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** `[X, null]` unions are "X, nullable": the field list shows X's fields. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return schema;
  const rest = variants.filter((variant) => variant.type !== 'null');
  return rest.length === 1 ? rest[0]! : schema;
}

/** A one-line type: `string`, `"user"`, `array<Message>`, `integer | null`, with links to schemas. */
export function typeLabel(schema: JsonSchema): SafeHtml {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return html`<a href="#${docsAnchors.schema(name)}">${name}</a>`;
  }
  if (schema.const !== undefined) return html`<code>${JSON.stringify(schema.const)}</code>`;
  if (schema.enum) return join(schema.enum.map((value) => html`<code>${JSON.stringify(value)}</code>`));
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return join(variants.map(typeLabel));
  if (schema.type === 'array') {
    if (schema.prefixItems) return html`[${join(schema.prefixItems.map(typeLabel), ', ')}]`;
    return html`array&lt;${schema.items ? typeLabel(schema.items) : 'any'}&gt;`;
  }
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') {
    return html`map&lt;string, ${typeLabel(schema.additionalProperties)}&gt;`;
  }
  return html`${schema.type ?? 'any'}`;
}

function join(parts: SafeHtml[], separator = ' | '): SafeHtml {
  return html`${parts.map((part, index) => (index === 0 ? part : html`${separator}${part}`))}`;
}

/** Bounds and patterns in words a reader scans: `≥ 0`, `≤ 2`, `1–64 chars`, `≥ 1 items`. */
export function constraints(schema: JsonSchema): string {
  const out: string[] = [];
  const target = withoutNull(schema);
  if (target.minimum !== undefined) out.push(`≥ ${target.minimum}`);
  if (target.exclusiveMinimum !== undefined) out.push(`> ${target.exclusiveMinimum}`);
  if (target.maximum !== undefined) out.push(`≤ ${target.maximum}`);
  if (target.exclusiveMaximum !== undefined) out.push(`< ${target.exclusiveMaximum}`);
  if (target.minLength !== undefined) out.push(`min length ${target.minLength}`);
  if (target.maxLength !== undefined) out.push(`max length ${target.maxLength}`);
  if (target.minItems !== undefined) out.push(`≥ ${target.minItems} items`);
  if (target.maxItems !== undefined) out.push(`≤ ${target.maxItems} items`);
  if (target.pattern !== undefined) out.push(`pattern ${target.pattern}`);
  return out.join(', ');
}

interface FieldRow {
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** Object fields, nested objects and arrays of objects flattened to `a.b`, `a[].b`, `a[type=text].b`. */
function fieldRows(schema: JsonSchema, prefix: string, depth: number): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = prefix + name;
    rows.push({ path, schema: field, required: (schema.required ?? []).includes(name) });
    if (depth < MAX_DEPTH) rows.push(...nestedRows(withoutNull(field), path, depth + 1));
  }
  return rows;
}

function nestedRows(schema: JsonSchema, path: string, depth: number): FieldRow[] {
  if (schema.properties) return fieldRows(schema, `${path}.`, depth);
  if (schema.type === 'array' && schema.items)
    return nestedRows(withoutNull(schema.items), `${path}[]`, depth);
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return [];
  return variants.flatMap((variant) => {
    const tag = Object.entries(variant.properties ?? {}).find(([, field]) => field.const !== undefined);
    const label = tag ? `${path}[${tag[0]}=${String(tag[1].const)}]` : path;
    if (variant.properties) return fieldRows(variant, `${label}.`, depth);
    if (variant.type === 'array' && variant.items)
      return nestedRows(withoutNull(variant.items), `${path}[]`, depth);
    return [];
  });
}

export function fieldsTable(t: Translate, schema: JsonSchema): SafeHtml {
  const rows = fieldRows(schema, '', 0);
  if (rows.length === 0) return html`<p class="muted">${typeLabel(schema)}</p>`;
  return html`<div class="table-wrap"><table class="data fields">
<thead><tr><th>${t('docs.field')}</th><th>${t('docs.type')}</th><th>${t('docs.required')}</th><th>${t('docs.description')}</th></tr></thead>
<tbody>${rows.map(
    (row) =>
      html`<tr><td><code>${row.path}</code></td><td>${typeLabel(row.schema)}</td><td>${row.required ? t('common.yes') : ''}</td><td>${[row.schema.description ?? withoutNull(row.schema).description, constraints(row.schema)].filter(Boolean).join(' · ')}</td></tr>`,
  )}</tbody>
</table></div>
${schema.additionalProperties !== undefined && schema.additionalProperties !== false && html`<p class="muted">${t('docs.anyFields')}</p>`}`;
}

function example(t: Translate, value: unknown): SafeHtml | false {
  return (
    value !== undefined &&
    html`<details class="example"><summary>${t('docs.example')}</summary><pre class="code"><code>${JSON.stringify(value, null, 2)}</code></pre></details>`
  );
}

function mediaList(t: Translate, content: Record<string, MediaType> | undefined): SafeHtml {
  return html`${Object.entries(content ?? {}).map(
    ([type, media]) =>
      html`<div class="media"><code>${type}</code>${media.schema && html` → ${typeLabel(media.schema)}`}${example(t, media.example)}</div>`,
  )}`;
}

function operationSection(t: Translate, method: string, path: string, op: Operation): SafeHtml {
  const headers = (op.parameters ?? []).filter((parameter) => parameter.in === 'header');
  return html`<section class="card operation" id="${docsAnchors.operation(method, path)}">
<h3><span class="method method-${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary ?? ''}</p>
${op.description && html`<p class="muted">${op.description}</p>`}
${headers.length > 0 && html`<h4>${t('docs.headers')}</h4><ul>${headers.map((header) => html`<li><code>${header.name}</code> ${header.description ?? ''}</li>`)}</ul>`}
${op.requestBody && html`<h4>${t('docs.requestBody')}</h4>${mediaList(t, op.requestBody.content)}`}
<h4>${t('docs.responses')}</h4>
<div class="table-wrap"><table class="data responses"><tbody>${Object.entries(op.responses).map(
    ([status, response]) =>
      html`<tr><td><code>${status}</code></td><td>${response.description}${mediaList(t, response.content)}</td></tr>`,
  )}</tbody></table></div>
</section>`;
}

/** The whole reference: endpoints first, then every schema with its fields. */
export function renderOpenApi(t: Translate, document: OpenApiView): SafeHtml {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return html`<nav class="card toc" aria-label="${t('docs.operations')}"><ul>${operations.map(
    ({ path, method }) =>
      html`<li><a href="#${docsAnchors.operation(method, path)}"><span class="method method-${method}">${method.toUpperCase()}</span> ${path}</a></li>`,
  )}</ul></nav>
<h2>${t('docs.operations')}</h2>
${operations.map(({ path, method, op }) => operationSection(t, method, path, op))}
<h2>${t('docs.schemas')}</h2>
${Object.entries(document.components.schemas).map(
  ([name, schema]) =>
    html`<section class="card schema" id="${docsAnchors.schema(name)}"><h3>${name}</h3>${schema.description && html`<p>${schema.description}</p>`}${fieldsTable(t, schema)}</section>`,
)}`;
}
