import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PollyClient, SynthesizeSpeechCommand } from '@aws-sdk/client-polly';
import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
  type StartStreamTranscriptionCommandInput,
} from '@aws-sdk/client-transcribe-streaming';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

const MP3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb]);

describe('voice when not configured', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await createTestApp()));
  afterAll(() => ctx.close());

  it('answers 501 VOICE_NOT_CONFIGURED so the web app uses the browser’s speech instead', async () => {
    const speech = await ctx.inject({
      method: 'POST',
      url: '/api/assistant/speech',
      payload: { text: 'Hello' },
    });
    expect(speech.statusCode).toBe(501);
    expect(speech.json()).toMatchObject({ code: 'VOICE_NOT_CONFIGURED' });
    const heard = await ctx.inject({
      method: 'POST',
      url: '/api/assistant/transcriptions',
      headers: { 'content-type': 'audio/pcm' },
      payload: Buffer.alloc(100),
    });
    expect(heard.statusCode).toBe(501);
    expect(heard.json()).toMatchObject({ code: 'VOICE_NOT_CONFIGURED' });
  });
});

describe('voice with Amazon Polly and Transcribe (at the SDK boundary)', () => {
  const polly = mockClient(PollyClient);
  const transcribe = mockClient(TranscribeStreamingClient);
  let ctx: TestContext;
  let patient: Caller;

  beforeAll(async () => {
    ctx = await createTestApp({
      config: { voice: { kind: 'aws', region: 'us-east-1', voiceId: 'Joanna', language: 'en-US' } },
    });
    patient = await ctx.as('patient', (await createPatient(ctx)).id);
  });
  afterAll(async () => {
    polly.restore();
    transcribe.restore();
    await ctx.close();
  });

  it('reads text aloud as audio/mpeg with a neural voice', async () => {
    polly.on(SynthesizeSpeechCommand).resolves({ AudioStream: Readable.from([MP3]) as never });
    const res = await patient({
      method: 'POST',
      url: '/api/assistant/speech',
      payload: { text: 'Drink water.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/mpeg');
    expect(res.rawPayload).toEqual(MP3);
    expect(polly.commandCalls(SynthesizeSpeechCommand)[0]!.args[0].input).toMatchObject({
      Text: 'Drink water.',
      OutputFormat: 'mp3',
      VoiceId: 'Joanna',
      Engine: 'neural',
    });
  });

  it('streams the recording to Transcribe in small audio events and returns the final transcript', async () => {
    let received = 0;
    let events = 0;
    transcribe
      .on(StartStreamTranscriptionCommand)
      .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
        for await (const event of input.AudioStream!) {
          events += 1;
          received += event.AudioEvent?.AudioChunk?.length ?? 0;
        }
        return {
          TranscriptResultStream: Readable.from([
            {
              TranscriptEvent: {
                Transcript: { Results: [{ IsPartial: true, Alternatives: [{ Transcript: 'what is' }] }] },
              },
            },
            {
              TranscriptEvent: {
                Transcript: {
                  Results: [
                    { IsPartial: false, Alternatives: [{ Transcript: 'What is a healthy blood pressure?' }] },
                  ],
                },
              },
            },
          ]),
        };
      });
    const audio = Buffer.alloc(40_000, 7);
    const res = await patient({
      method: 'POST',
      url: '/api/assistant/transcriptions?sampleRate=16000',
      headers: { 'content-type': 'audio/pcm' },
      payload: audio,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ text: 'What is a healthy blood pressure?' });
    expect(received).toBe(audio.length);
    expect(events).toBe(Math.ceil(audio.length / 8192));
    expect(transcribe.commandCalls(StartStreamTranscriptionCommand)[0]!.args[0].input).toMatchObject({
      LanguageCode: 'en-US',
      MediaEncoding: 'pcm',
      MediaSampleRateHertz: 16000,
    });
  });

  it('refuses audio it cannot pass on (415)', async () => {
    const res = await patient({
      method: 'POST',
      url: '/api/assistant/transcriptions',
      headers: { 'content-type': 'audio/webm' },
      payload: Buffer.alloc(10),
    });
    expect(res.statusCode).toBe(415);
  });
});
