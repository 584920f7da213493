/**
 * Reads a server-sent-events body (ours: one `data:` line of JSON per event), handing on each
 * event's data as it arrives. Resolves `'stopped'` as soon as `onEvent` returns true, or
 * `'ended'` when the server closes the body. Used where EventSource cannot go: the widget (its
 * call key travels in a header), the tests and the benchmarks.
 */
export async function readEventStream(body: ReadableStream, onEvent: (data: unknown) => boolean | void): Promise<'ended' | 'stopped'> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'ended';
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data && onEvent(JSON.parse(data.slice(6)) as unknown) === true) {
        // Cancelling a stream the server already closed has nothing left to do.
        await reader.cancel().catch(() => undefined);
        return 'stopped';
      }
    }
  }
}
