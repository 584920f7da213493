const labels = { livekit: '[livekit]', server: '[server] ', shop: '[shop]   ' } as const;

/** Makes one process's log line readable in a shared terminal: `[server]  info call created callId=…`. */
export function formatLine(source: keyof typeof labels, line: string): string {
  if (line.startsWith('{')) {
    try {
      const { time: _time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
      const fields = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return `${labels[source]} ${String(level).padEnd(5)} ${String(msg)}${fields ? ` ${fields}` : ''}`;
    } catch {
      // not JSON after all: print as it came
    }
  }
  return `${labels[source]} ${line}`;
}
