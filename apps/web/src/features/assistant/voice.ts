import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client';
import { isApiError } from '../../api/errors';

/** The part of the Web Speech API's SpeechRecognition the app uses (TypeScript's DOM types lack it). */
type Recognition = {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
};
type RecognitionConstructor = new () => Recognition;

function browserRecognition(): RecognitionConstructor | undefined {
  const w = window as unknown as {
    SpeechRecognition?: RecognitionConstructor;
    webkitSpeechRecognition?: RecognitionConstructor;
  };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
}

export type Dictation = {
  /** Why the microphone cannot be used here, or null when it can. */
  unavailable: string | null;
  listening: boolean;
  error: string | null;
  toggle(): void;
};

const NO_VOICE =
  'Voice input is not available: this browser has no speech recognition and the server has none configured.';

/**
 * The microphone: the browser's SpeechRecognition where it exists; otherwise a recording sent to the
 * server's transcription endpoint (Amazon Transcribe), which answers 501 when it is not configured.
 */
export function useDictation(api: ApiClient, onText: (text: string) => void): Dictation {
  const Recognition = typeof window === 'undefined' ? undefined : browserRecognition();
  const canRecord = typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
  const [serverRefused, setServerRefused] = useState(false);
  const [listening, setListening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<(() => void) | null>(null);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  });
  useEffect(() => () => stop.current?.(), []);

  const unavailable = Recognition ? null : !canRecord || serverRefused ? NO_VOICE : null;

  function startBrowser(R: RecognitionConstructor) {
    const recognition = new R();
    recognition.lang = navigator.language || 'en-US';
    recognition.interimResults = false;
    recognition.continuous = false;
    recognition.onresult = (event) => {
      const text = Array.from(event.results, (r) => r[0]?.transcript ?? '')
        .join(' ')
        .trim();
      if (text) onTextRef.current(text);
    };
    recognition.onerror = (event) =>
      setError(
        event.error === 'not-allowed'
          ? 'The microphone is blocked for this site.'
          : `Speech recognition stopped (${event.error}).`,
      );
    recognition.onend = () => setListening(false);
    recognition.start();
    stop.current = () => recognition.stop();
  }

  async function startServer() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const type = MediaRecorder.isTypeSupported('audio/ogg;codecs=opus') ? 'audio/ogg;codecs=opus' : '';
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      setListening(false);
      api
        .transcribe(new Blob(chunks, { type: 'audio/ogg' }))
        .then((text) => text && onTextRef.current(text))
        .catch((e: unknown) => {
          if (isApiError(e) && e.status === 501) setServerRefused(true);
          else setError(isApiError(e) ? e.message : 'The recording could not be transcribed.');
        });
    };
    recorder.start();
    stop.current = () => recorder.stop();
  }

  return {
    unavailable,
    listening,
    error,
    toggle() {
      if (listening) {
        stop.current?.();
        stop.current = null;
        setListening(false);
        return;
      }
      setError(null);
      setListening(true);
      try {
        if (Recognition) startBrowser(Recognition);
        else
          startServer().catch(() => {
            setListening(false);
            setError('The microphone could not be used.');
          });
      } catch {
        setListening(false);
        setError('The microphone could not be used.');
      }
    },
  };
}

/**
 * Read aloud: the browser's speechSynthesis, else the server's speech endpoint (Amazon Polly). Returns
 * a message when neither can speak.
 */
export async function readAloud(api: ApiClient, text: string): Promise<void> {
  if (typeof window !== 'undefined' && 'speechSynthesis' in window) {
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    return;
  }
  try {
    const audio = await api.speech(text.slice(0, 3000));
    const url = URL.createObjectURL(audio);
    const player = new Audio(url);
    player.onended = () => URL.revokeObjectURL(url);
    await player.play();
  } catch (error) {
    if (isApiError(error) && error.status === 501)
      throw new Error(
        'Read aloud is not available: this browser cannot speak and the server has no voice configured.',
      );
    throw error;
  }
}
