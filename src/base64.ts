const CHUNK = 0x8000;

/** Base64 without `Buffer`: chunked so large files neither blow the stack nor build per-byte strings. */
export function uint8ArrayToBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode.apply(
      null,
      bytes.subarray(offset, offset + CHUNK) as unknown as number[],
    );
  }
  return btoa(binary);
}
