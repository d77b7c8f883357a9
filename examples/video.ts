/**
 * Video through the gateway, two ways (ai 7):
 *   1. `experimental_generateVideo`: one call that returns when the video is ready;
 *   2. `experimental_startVideo`, then `experimental_getVideoStatus` until it is done: a job,
 *      for work that outlives one request (or pass `webhookUrl` to be called back instead).
 * ai 6 has the first only. The videos are saved as files. (The local stand-in's MP4s are
 * containers with no tracks: they open, but show nothing.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  experimental_generateVideo as generateVideo,
  experimental_getVideoStatus as getVideoStatus,
  experimental_startVideo as startVideo,
} from 'ai-v7'; // `from 'ai'` in a project on ai 7
import { gateway } from 'modelgate/v4';
import { section, usingLocalGateway } from './setup.js';

const MODEL = process.env.EXAMPLE_VIDEO_MODEL ?? 'google/veo-3.1-generate-001';
const OUT_DIR = join(import.meta.dirname, 'output');

export default async function main() {
  const model = gateway.videoModel(MODEL);
  await mkdir(OUT_DIR, { recursive: true });

  section('generateVideo');
  const prompt = 'A paper boat drifting down a rainy street, slow motion';
  const { videos, providerMetadata } = await generateVideo({ model, prompt, aspectRatio: '16:9', duration: 4 });
  for (const [i, video] of videos.entries()) {
    const file = join(OUT_DIR, `video-${i + 1}.mp4`);
    await writeFile(file, video.uint8Array);
    console.log(`  ${relative(process.cwd(), file)}  ${video.mediaType}, ${video.uint8Array.length} bytes`);
  }
  console.log(`cost: $${String((providerMetadata?.gateway as { cost?: string } | undefined)?.cost ?? '?')}`);

  section('startVideo, then getVideoStatus');
  const started = await startVideo({ model, prompt: 'Timelapse of clouds over a mountain lake', duration: 4 });
  const job = (started.providerMetadata?.gateway as { asyncJob?: { jobId?: string } } | undefined)?.asyncJob;
  console.log(`started job ${job?.jobId ?? JSON.stringify(started.operation)}`);
  const pollMs = usingLocalGateway() ? 200 : 5000;
  for (;;) {
    const status = await getVideoStatus(model, { operation: started.operation });
    console.log(`  status: ${status.status}`);
    if (status.status === 'error') throw new Error(status.error);
    if (status.status === 'completed') {
      const first = status.videos[0];
      if (first?.type === 'base64') {
        const file = join(OUT_DIR, 'video-job.mp4');
        await writeFile(file, Buffer.from(first.data, 'base64'));
        console.log(`  ${relative(process.cwd(), file)}  ${first.mediaType}`);
      } else if (first?.type === 'url') {
        console.log(`  ${first.url}`);
      }
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
