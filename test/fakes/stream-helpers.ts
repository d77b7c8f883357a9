/** Reading ai 7 stream results in the fake-upstream tests. */

export interface StreamPartLike {
  type: string;
}

/** Every part of a fullStream, with the time each arrived (ms since the call started). */
export async function collectParts<Part extends StreamPartLike>(
  stream: AsyncIterable<Part>,
  startedAt = performance.now(),
): Promise<Array<Part & { at: number }>> {
  const parts: Array<Part & { at: number }> = [];
  for await (const part of stream) parts.push({ ...part, at: performance.now() - startedAt });
  return parts;
}

export function textOfParts(parts: ReadonlyArray<StreamPartLike & { text?: string }>): string {
  return parts.map(part => (part.type === 'text-delta' ? (part.text ?? '') : '')).join('');
}

export function errorsOf(parts: ReadonlyArray<StreamPartLike & { error?: unknown }>): unknown[] {
  return parts.filter(part => part.type === 'error').map(part => part.error);
}

/** A message for any thrown value, including the causes ai wraps errors in. */
export function messageChain(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current != null && depth < 5; depth++) {
    if (current instanceof Error) {
      messages.push(current.message);
      current = current.cause;
    } else {
      messages.push(String(current));
      break;
    }
  }
  return messages.join(' <- ');
}
