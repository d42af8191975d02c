import { chatTurns, type AssistantProvider } from './provider.js';

export type OpenAiSettings = { baseUrl: string; apiKey?: string | undefined; model: string };

/**
 * Any OpenAI-compatible endpoint (OpenAI, a local llama.cpp / vLLM / Ollama server): POST
 * {baseUrl}/chat/completions with stream=true, read as server-sent events.
 */
export function openAiProvider(settings: OpenAiSettings): AssistantProvider {
  return {
    name: 'openai',
    external: true,
    async *stream(input, signal) {
      const res = await fetch(`${settings.baseUrl}/chat/completions`, {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: settings.model,
          stream: true,
          temperature: 0.2,
          max_tokens: 800,
          messages: [{ role: 'system', content: input.system }, ...chatTurns(input)],
        }),
      });
      if (!res.ok || !res.body) throw new Error(`OpenAI-compatible endpoint answered ${res.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') return;
          const parsed = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
          const text = parsed.choices?.[0]?.delta?.content;
          if (text) yield text;
        }
      }
    },
  };
}
