import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '../config.js';

/**
 * Text → vector, for retrieval by meaning beside full-text ranking. An external service: what it is
 * given is de-identified first (the caller's job, as for chat). Vectors come back L2-normalised so
 * a dot product is the cosine similarity.
 */
export type Embedder = {
  /** Recorded with each vector: vectors of different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
};

const normalised = (v: number[]) => {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
};

/** An OpenAI-compatible POST {baseUrl}/embeddings (OpenAI, vLLM, Ollama, llama.cpp). */
function openAiEmbedder(s: {
  baseUrl: string;
  apiKey?: string;
  model: string;
  dimensions: number;
}): Embedder {
  return {
    model: s.model,
    dimensions: s.dimensions,
    async embed(texts, signal) {
      const res = await fetch(`${s.baseUrl}/embeddings`, {
        method: 'POST',
        signal: signal ?? AbortSignal.timeout(30_000),
        headers: {
          'content-type': 'application/json',
          ...(s.apiKey ? { authorization: `Bearer ${s.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: s.model, input: texts, dimensions: s.dimensions }),
      });
      if (!res.ok) throw new Error(`embeddings endpoint answered ${res.status}`);
      const body = (await res.json()) as { data: { index: number; embedding: number[] }[] };
      const out = [...body.data].sort((a, b) => a.index - b.index).map((d) => normalised(d.embedding));
      if (out.length !== texts.length || out.some((v) => v.length !== s.dimensions))
        throw new Error('embeddings endpoint answered the wrong shape');
      return out;
    },
  };
}

/** Amazon Titan Text Embeddings v2 on Bedrock (256, 512 or 1024 dimensions), one text per call. */
function bedrockEmbedder(s: { modelId: string; region?: string; dimensions: number }): Embedder {
  const client = new BedrockRuntimeClient({ region: s.region ?? 'us-east-1' });
  return {
    model: s.modelId,
    dimensions: s.dimensions,
    async embed(texts, signal) {
      const out: number[][] = [];
      for (const inputText of texts) {
        const res = await client.send(
          new InvokeModelCommand({
            modelId: s.modelId,
            contentType: 'application/json',
            accept: 'application/json',
            body: JSON.stringify({ inputText, dimensions: s.dimensions, normalize: true }),
          }),
          { abortSignal: signal ?? AbortSignal.timeout(30_000) },
        );
        const body = JSON.parse(new TextDecoder().decode(res.body)) as { embedding: number[] };
        out.push(normalised(body.embedding));
      }
      return out;
    },
  };
}

export function embedderFor(config?: Config['assistant']['embeddings']): Embedder | undefined {
  switch (config?.kind) {
    case 'openai':
      return openAiEmbedder(config);
    case 'bedrock':
      return bedrockEmbedder(config);
    default:
      return undefined;
  }
}
