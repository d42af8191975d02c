import type { Readable } from 'node:stream';
import { PollyClient, SynthesizeSpeechCommand } from '@aws-sdk/client-polly';
import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
  type MediaEncoding,
} from '@aws-sdk/client-transcribe-streaming';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/errors.js';

export type AudioIn = { encoding: MediaEncoding; sampleRate: number; chunks: AsyncIterable<Uint8Array> };

/** Server-side speech: Amazon Polly reads aloud, Amazon Transcribe (streaming) writes down. */
export interface VoiceProvider {
  speak(text: string): Promise<Readable>;
  transcribe(audio: AudioIn, signal: AbortSignal): Promise<string>;
}

export const voiceNotConfigured = () =>
  new AppError(
    'VOICE_NOT_CONFIGURED',
    'Server-side speech is not configured (VOICE_PROVIDER); use the browser’s speech recognition and synthesis',
  );

/** Transcribe wants small audio events; 8 KiB is 256 ms of 16 kHz 16-bit PCM. */
const EVENT_BYTES = 8192;

async function* audioEvents(chunks: AsyncIterable<Uint8Array>) {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= EVENT_BYTES) {
      yield { AudioEvent: { AudioChunk: pending.subarray(0, EVENT_BYTES) } };
      pending = pending.subarray(EVENT_BYTES);
    }
  }
  if (pending.length > 0) yield { AudioEvent: { AudioChunk: pending } };
}

export function awsVoice(settings: {
  region?: string | undefined;
  voiceId: string;
  language: string;
}): VoiceProvider {
  const region = settings.region ?? 'us-east-1';
  const polly = new PollyClient({ region });
  const transcribe = new TranscribeStreamingClient({ region });
  return {
    async speak(text) {
      const out = await polly.send(
        new SynthesizeSpeechCommand({
          Text: text,
          OutputFormat: 'mp3',
          VoiceId: settings.voiceId as never,
          Engine: 'neural',
        }),
      );
      if (!out.AudioStream) throw new Error('Polly returned no audio');
      return out.AudioStream as Readable;
    },
    async transcribe(audio, signal) {
      const out = await transcribe.send(
        new StartStreamTranscriptionCommand({
          LanguageCode: settings.language as never,
          MediaEncoding: audio.encoding,
          MediaSampleRateHertz: audio.sampleRate,
          AudioStream: audioEvents(audio.chunks),
        }),
        { abortSignal: signal },
      );
      const finals: string[] = [];
      for await (const event of out.TranscriptResultStream ?? []) {
        for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
          const text = result.Alternatives?.[0]?.Transcript;
          if (!result.IsPartial && text) finals.push(text);
        }
      }
      return finals.join(' ');
    },
  };
}

export function voiceFor(config: Config['voice']): VoiceProvider | undefined {
  return config.kind === 'aws' ? awsVoice(config) : undefined;
}
