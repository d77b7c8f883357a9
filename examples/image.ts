/**
 * Image generation through the gateway: two images from one prompt, saved as PNG files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { experimental_generateImage as generateImage } from 'ai';
import { gateway } from 'modelgate';

const MODEL = process.env.EXAMPLE_IMAGE_MODEL ?? 'google/imagen-4.0-generate-001';
const OUT_DIR = join(import.meta.dirname, 'output');

export default async function main() {
  const prompt = 'A watercolor lighthouse at dawn';
  const { images, warnings, providerMetadata } = await generateImage({
    model: gateway.imageModel(MODEL),
    prompt,
    n: 2,
    aspectRatio: '1:1',
  });

  await mkdir(OUT_DIR, { recursive: true });
  console.log(`\n${MODEL}: ${images.length} image(s) for "${prompt}"`);
  for (const [i, image] of images.entries()) {
    const extension = image.mediaType.split('/')[1] ?? 'png';
    const file = join(OUT_DIR, `image-${i + 1}.${extension}`);
    await writeFile(file, image.uint8Array);
    console.log(`  ${relative(process.cwd(), file)}  ${image.mediaType}, ${describeSize(image.uint8Array)}`);
  }
  for (const warning of warnings) console.log(`warning: ${JSON.stringify(warning)}`);
  const cost = (providerMetadata?.gateway as { cost?: string } | undefined)?.cost;
  if (cost !== undefined) console.log(`cost: $${String(cost)}`);
}

/** "64×64 px, 1234 bytes" for a PNG (width and height sit in its IHDR chunk); bytes otherwise. */
function describeSize(bytes: Uint8Array): string {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!isPng || bytes.length < 24) return `${bytes.length} bytes`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return `${view.getUint32(16)}×${view.getUint32(20)} px, ${bytes.length} bytes`;
}
