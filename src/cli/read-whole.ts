import type { Readable } from 'node:stream';

/** Where `readWhole` stops: past `bytes` it stops reading and fails with `error()`. */
export interface ReadLimit {
  bytes: number;
  error: () => Error;
}

/**
 * Everything a Node stream carries, as one buffer: a request body the gateway parses at once, or a short
 * answer of known length (a web stream over the socket costs more per message than the copy). A stream
 * that closes before its end is an error.
 */
export function readWhole(source: Readable, limit?: ReadLimit): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer<ArrayBuffer>[] = [];
    let bytes = 0;
    let ended = false;
    const onData = (chunk: Buffer<ArrayBuffer>) => {
      bytes += chunk.byteLength;
      if (limit && bytes > limit.bytes) {
        source.off('data', onData);
        source.pause();
        chunks.length = 0;
        reject(limit.error());
        return;
      }
      chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    source.once('error', reject);
    // 'close' follows every end too: an error is made only for a stream cut short.
    source.once('close', () => {
      if (!ended) reject(new Error('the connection closed before the end of the body'));
    });
  });
}
