/**
 * Text to speech through the gateway: ai 7's `generateSpeech` (`experimental_generateSpeech`
 * in ai 6), saving the audio to a file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generateSpeech } from 'ai-v7'; // `from 'ai'` in a project on ai 7
import { gateway } from 'modelgate/v4';

const MODEL = process.env.EXAMPLE_SPEECH_MODEL ?? 'openai/tts-1';
const OUT_DIR = join(import.meta.dirname, 'output');

export default async function main() {
  const text = 'Hello from the AI Gateway. This sentence was turned into audio.';
  const { audio, warnings, providerMetadata } = await generateSpeech({
    model: gateway.speechModel(MODEL),
    text,
    voice: 'alloy',
  });

  await mkdir(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `speech.${audio.format}`);
  await writeFile(file, audio.uint8Array);
  console.log(`\n${MODEL}: "${text}"`);
  console.log(`  ${relative(process.cwd(), file)}  ${audio.mediaType}, ${audio.uint8Array.length} bytes`);
  for (const warning of warnings) console.log(`warning: ${JSON.stringify(warning)}`);
  const cost = (providerMetadata?.gateway as { cost?: string } | undefined)?.cost;
  if (cost !== undefined) console.log(`cost: $${cost}`);
}
