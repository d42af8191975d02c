/**
 * npm run eval:assistant -w apps/api — the assistant's evaluation set (scripts/eval/corpus.ts) on a
 * fresh embedded database: the share of questions answered correctly offline, and with the
 * configured provider (ASSISTANT_PROVIDER, as the server reads it) when there is one; retrieval
 * recall with full-text ranking, with vectors, and both fused. Without EMBEDDINGS_PROVIDER the
 * vectors come from a local deterministic hashed bag-of-words server (a stand-in that shows the
 * plumbing, not what a real embeddings model adds). Not a timed test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { embedderFor } from '../../src/platform/embeddings.js';
import { offlineProvider, providerFor } from '../../src/modules/assistant/providers/index.js';
import { startOpenAiServer } from '../../test/support/openai-server.js';
import { EVAL_CASES } from './corpus.js';
import { askAll, loadCorpus, retrievalRecall, type CaseResult } from './harness.js';

const say = (line = '') => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function report(name: string, results: CaseResult[]) {
  const correct = results.filter((r) => r.correct).length;
  say(`${name}: ${correct}/${results.length} correct (${pct(correct / results.length)})`);
  for (const r of results.filter((x) => !x.correct)) {
    say(`  missed: ${r.case.question}  (needs: ${r.case.facts.join(' | ')})`);
  }
  return correct / results.length;
}

const config = loadConfig();
const dir = mkdtempSync(join(tmpdir(), 'medicare-eval-'));
const local = config.assistant.embeddings?.kind === 'none' || !config.assistant.embeddings;
const stand_in = local ? await startOpenAiServer([]) : undefined;
const embedder = embedderFor(
  stand_in
    ? { kind: 'openai', baseUrl: stand_in.baseUrl, model: 'hashed-bag-of-words', dimensions: 512 }
    : config.assistant.embeddings,
);
const database = await openDatabase({ database: { kind: 'pglite', dataDir: join(dir, 'db') } });
try {
  const { patientId } = await loadCorpus(database.db, embedder);
  say(`Assistant evaluation: ${EVAL_CASES.length} questions over lab reports, letters and leaflets`);
  say(`Embeddings: ${stand_in ? 'local hashed bag-of-words stand-in' : embedder?.model}`);
  say();
  say('Retrieval (a passage in the top 4 holds every fact):');
  for (const mode of ['text', 'vector', 'fused'] as const) {
    say(`  ${mode.padEnd(6)} ${pct(await retrievalRecall(database.db, patientId, mode, embedder))}`);
  }
  say();
  const offline = report('Offline, full-text only', await askAll(database.db, patientId, offlineProvider));
  report('Offline, full-text + vectors', await askAll(database.db, patientId, offlineProvider, embedder));
  if (config.assistant.provider.kind !== 'offline') {
    const provider = providerFor(config.assistant.provider);
    report(`Provider ${provider.name}`, await askAll(database.db, patientId, provider, embedder));
  } else {
    say('Provider: none configured (set ASSISTANT_PROVIDER=openai|bedrock to evaluate one)');
  }
  process.exitCode = offline >= 0.9 ? 0 : 1;
} finally {
  await database.close();
  await stand_in?.stop();
  rmSync(dir, { recursive: true, force: true });
}
