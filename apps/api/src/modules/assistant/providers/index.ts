import type { Config } from '../../../config.js';
import { bedrockProvider } from './bedrock.js';
import { offlineProvider } from './offline.js';
import { openAiProvider } from './openai.js';
import type { AssistantProvider } from './provider.js';

export type { AssistantProvider, ProviderInput, Source, Turn } from './provider.js';
export { offlineProvider };

/** ASSISTANT_PROVIDER: offline (the default), openai (any compatible endpoint) or bedrock. */
export function providerFor(config: Config['assistant']['provider']): AssistantProvider {
  switch (config.kind) {
    case 'openai':
      return openAiProvider(config);
    case 'bedrock':
      return bedrockProvider(config);
    default:
      return offlineProvider;
  }
}
