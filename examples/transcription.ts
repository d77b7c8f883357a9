/**
 * Speech to text through the gateway: ai 7's `transcribe` (`experimental_transcribe` in
 * ai 6). The audio comes from a speech model first, so the example needs no file of its own;
 * pass a path (EXAMPLE_AUDIO_FILE) to transcribe yours.
 */
import { readFile } from 'node:fs/promises';
import { generateSpeech, transcribe } from 'ai-v7'; // `from 'ai'` in a project on ai 7
import { gateway } from 'modelgate/v4';

const MODEL = process.env.EXAMPLE_TRANSCRIPTION_MODEL ?? 'openai/whisper-1';
const SPEECH_MODEL = process.env.EXAMPLE_SPEECH_MODEL ?? 'openai/tts-1';

export default async function main() {
  const file = process.env.EXAMPLE_AUDIO_FILE;
  const audio = file
    ? await readFile(file)
    : (await generateSpeech({ model: gateway.speechModel(SPEECH_MODEL), text: 'The quick brown fox jumps over the lazy dog.' })).audio
        .uint8Array;

  const { text, segments, language, durationInSeconds, providerMetadata } = await transcribe({
    model: gateway.transcriptionModel(MODEL),
    audio,
  });

  console.log(`\n${MODEL}: ${audio.length} bytes of audio${file ? ` from ${file}` : ` spoken by ${SPEECH_MODEL}`}`);
  console.log(`  text: ${text}`);
  console.log(`  language ${language ?? '?'}, ${durationInSeconds ?? '?'} s, ${segments.length} segment(s)`);
  for (const segment of segments.slice(0, 5)) {
    console.log(`  [${segment.startSecond.toFixed(2)}–${segment.endSecond.toFixed(2)} s] ${segment.text}`);
  }
  const cost = (providerMetadata?.gateway as { cost?: string } | undefined)?.cost;
  if (cost !== undefined) console.log(`cost: $${cost}`);
}
