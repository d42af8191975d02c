// Test helper: synthesizes one environment exactly as bin/app.ts does (same cdk.json context, nag packs on),
// once per test file, with fixed account and image tag so templates are deterministic.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig, type EnvConfig, type EnvName } from '../config/index.js';
import { buildApp, type Stacks } from '../lib/app.js';
import type { StackKey } from '../lib/nag/acknowledgements.js';

export const STACK_KEYS: readonly StackKey[] = [
  'ci',
  'foundation',
  'network',
  'data',
  'registry',
  'services',
  'edge',
  'monitoring',
];

const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface Synthesized {
  readonly app: App;
  readonly config: EnvConfig;
  readonly stacks: Stacks;
  template(key: StackKey): Template;
}

/** A fresh App with the project's feature flags; synthesis throws on any nag finding. */
export function newApp(extraContext: Record<string, unknown> = {}): App {
  return new App({
    context: { ...cdkJson.context, '@aws-cdk/core:appMode': 'inmemory', ...extraContext },
  });
}

/** prod refuses to synthesize without an alarm subscriber (config validateConfig). */
export const PROD_ALARM_EMAIL = 'alarms@medicare-hub.example.com';

const cache = new Map<EnvName, Synthesized>();

export function synth(env: EnvName): Synthesized {
  const hit = cache.get(env);
  if (hit) return hit;
  const app = newApp();
  const config = loadConfig(env, { alarmEmail: env === 'prod' ? PROD_ALARM_EMAIL : undefined });
  const stacks = buildApp(app, config, { imageTag: 'test' });
  app.synth();
  const templates = new Map<StackKey, Template>();
  const result: Synthesized = {
    app,
    config,
    stacks,
    template(key) {
      let t = templates.get(key);
      if (!t) {
        t = Template.fromStack(stacks[key]);
        templates.set(key, t);
      }
      return t;
    },
  };
  cache.set(env, result);
  return result;
}
