// Reading synthesized CloudFormation the way the deploy-time checks need it: every stack's resources, with
// intrinsic functions flattened to strings and cross-stack imports followed to what they export.
import { readFileSync } from 'node:fs';

export interface Resource {
  readonly stack: string;
  readonly id: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy: string | undefined;
  readonly templatePath: string;
}

export interface Templates {
  readonly resources: readonly Resource[];
  /** `Fn::ImportValue` name → the exporting stack and its Output value. */
  readonly exports: ReadonlyMap<string, { stack: string; value: unknown }>;
}

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
};

export function readTemplates(stacks: readonly { name: string; templatePath: string }[]): Templates {
  return fromTemplates(
    stacks.map((s) => ({ ...s, template: JSON.parse(readFileSync(s.templatePath, 'utf8')) as unknown })),
  );
}

/** The same from templates in memory (tests: Template.fromStack(...).toJSON()). */
export function fromTemplates(
  stacks: readonly { name: string; templatePath?: string; template: unknown }[],
): Templates {
  const resources: Resource[] = [];
  const exports = new Map<string, { stack: string; value: unknown }>();
  for (const { name, templatePath = name, template } of stacks) {
    const t = template as Template;
    for (const [id, r] of Object.entries(t.Resources ?? {})) {
      resources.push({
        stack: name,
        id,
        type: r.Type,
        properties: r.Properties ?? {},
        deletionPolicy: r.DeletionPolicy,
        templatePath,
      });
    }
    for (const o of Object.values(t.Outputs ?? {})) {
      if (typeof o.Export?.Name === 'string') exports.set(o.Export.Name, { stack: name, value: o.Value });
    }
  }
  return { resources, exports };
}

/**
 * A value as one string: literals kept, `Ref X` → `${stack/X}`, `GetAtt X.A` → `${stack/X.A}`, pseudo
 * parameters → `${AWS::Region}`, imports → what the other stack exports, in that stack's terms.
 */
export function flatten(value: unknown, stack: string, t: Templates): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map((v) => flatten(v, stack, t)).join(',');
  const o = value as Record<string, unknown>;
  if ('Ref' in o) {
    const ref = String(o.Ref);
    return ref.startsWith('AWS::') ? `\${${ref}}` : `\${${stack}/${ref}}`;
  }
  if ('Fn::GetAtt' in o) {
    const [id, attr] = o['Fn::GetAtt'] as [string, string];
    return `\${${stack}/${id}.${attr}}`;
  }
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => flatten(p, stack, t)).join(sep);
  }
  if ('Fn::ImportValue' in o) {
    const name = flatten(o['Fn::ImportValue'], stack, t);
    const exported = t.exports.get(name);
    return exported ? flatten(exported.value, exported.stack, t) : `\${import:${name}}`;
  }
  if ('Fn::Select' in o) {
    const [index, list] = o['Fn::Select'] as [number, unknown];
    return `\${select:${index}:${flatten(list, stack, t)}}`;
  }
  if ('Fn::Split' in o) {
    const [sep, source] = o['Fn::Split'] as [string, unknown];
    return `\${split:${sep}:${flatten(source, stack, t)}}`;
  }
  if ('Fn::Sub' in o) {
    const sub = o['Fn::Sub'];
    return typeof sub === 'string' ? sub : flatten(sub, stack, t);
  }
  return JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, flatten(v, stack, t)])));
}

/** The `${stack/Id}` handle of a resource, as flatten() writes references to it. */
export const handle = (r: { stack: string; id: string }) => `\${${r.stack}/${r.id}`;

/** Does this flattened value refer to the resource (by Ref or any GetAtt)? */
export const refersTo = (flat: string, r: { stack: string; id: string }) =>
  flat.includes(`${handle(r)}}`) || flat.includes(`${handle(r)}.`);

/** A property by dotted path ("DistributionConfig.Origins"), or undefined. */
export function prop(r: Resource, path: string): unknown {
  let v: unknown = r.properties;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
