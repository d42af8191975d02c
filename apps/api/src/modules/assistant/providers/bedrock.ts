import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { chatTurns, type AssistantProvider } from './provider.js';

/** Amazon Bedrock (Claude) through the Converse stream API; credentials from the task role. */
export function bedrockProvider(settings: {
  modelId: string;
  region?: string | undefined;
}): AssistantProvider {
  const client = new BedrockRuntimeClient({ region: settings.region ?? 'us-east-1' });
  return {
    name: 'bedrock',
    external: true,
    async *stream(input, signal) {
      const out = await client.send(
        new ConverseStreamCommand({
          modelId: settings.modelId,
          system: [{ text: input.system }],
          messages: chatTurns(input).map((m) => ({ role: m.role, content: [{ text: m.content }] })),
          inferenceConfig: { maxTokens: 800, temperature: 0.2 },
        }),
        { abortSignal: signal },
      );
      for await (const event of out.stream ?? []) {
        const text = event.contentBlockDelta?.delta?.text;
        if (text) yield text;
        const failure =
          event.internalServerException ??
          event.modelStreamErrorException ??
          event.throttlingException ??
          event.validationException ??
          event.serviceUnavailableException;
        if (failure) throw new Error(`Bedrock stream failed: ${failure.name ?? 'error'}`);
      }
    },
  };
}
