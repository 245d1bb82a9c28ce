/**
 * docs/api.md, rendered from the OpenAPI document (not part of the Worker: only
 * collector/test/apiDocs.test.ts imports it, and fails when the committed file is stale).
 */
type Schema = { type?: string | string[]; description?: string; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; const?: unknown };
type Operation = {
  summary: string;
  security: Record<string, unknown>[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};
type Doc = { paths: Record<string, Record<string, Operation>> };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    // A tagged union (the event schema): name its tags rather than "object or object or …".
    const tags = union.map((s) => s.properties?.type?.const ?? s.properties?.type?.enum?.join(', ')).filter((t) => t !== undefined);
    if (tags.length === union.length) return `object with type ${tags.join(', ')}`;
    return [...new Set(union.map(typeOf))].join(' or ');
  }
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

const authOf = (op: Operation) => {
  const scheme = op.security.length ? Object.keys(op.security[0])[0] : null;
  if (!scheme) return 'public';
  return scheme === 'basicWriteKey' ? 'write key (Basic user name)' : `${scheme.replace('Key', '')} key`;
};

export function renderApiMarkdown(doc: Doc): string {
  const lines = [
    '# HTTP API reference',
    '',
    '<!-- Generated from GET /v1/openapi.json by collector/src/openapi/apiMarkdown.ts. Do not edit: run',
    '     `npm run docs:api` after changing a route (collector/test/apiDocs.test.ts fails when this is stale). -->',
    '',
    'Every route is under `/v1`. Keys go in `Authorization: Bearer KEY`; "read key" and "write key" are the',
    "site's own keys (a key of another site answers 404). Errors are JSON `{ error, field }` naming the field.",
    '',
    '| method | path | auth | what |',
    '|---|---|---|---|',
  ];
  const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));
  for (const { path, method, op } of ops) lines.push(`| ${method.toUpperCase()} | [\`${path}\`](#${anchor(method, path)}) | ${authOf(op)} | ${cell(op.summary)} |`);
  for (const { path, method, op } of ops) {
    lines.push('', `## ${method.toUpperCase()} ${path}`, '', `${op.summary}. Auth: ${authOf(op)}.`);
    const params = op.parameters.filter((p) => p.in !== 'path');
    if (params.length) {
      lines.push('', '| query parameter | type | required | description |', '|---|---|---|---|');
      for (const p of params) lines.push(`| \`${p.name}\` | ${cell(typeOf(p.schema))} | ${p.required ? 'yes' : 'no'} | ${cell(p.description ?? p.schema?.description ?? '')} |`);
    }
    const body = op.requestBody && Object.values(op.requestBody.content)[0]?.schema;
    if (body?.properties) {
      lines.push('', '| body field | type | required | description |', '|---|---|---|---|');
      for (const [name, schema] of Object.entries(body.properties)) {
        lines.push(`| \`${name}\` | ${cell(typeOf(schema))} | ${body.required?.includes(name) ? 'yes' : 'no'} | ${cell(schema.description ?? '')} |`);
      }
    } else if (body) lines.push('', `Body: ${cell(typeOf(body))} (JSON).`);
    lines.push('', 'Responses:', '');
    for (const [status, { description }] of Object.entries(op.responses)) lines.push(`- \`${status}\`: ${description}`);
  }
  return lines.join('\n') + '\n';
}

/** GitHub's heading anchor for "## METHOD /path". */
const anchor = (method: string, path: string) => `${method}-${path}`.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
