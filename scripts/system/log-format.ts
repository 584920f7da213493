/** Labels padded to one width so that messages line up; the scaled-out demo's numbered processes (`server-2`) too. */
const label = (source: string) => `[${source}]`.padEnd(11);

/** Makes one process's log line readable in a shared terminal: `[server]  info call created callId=…`. */
export function formatLine(source: string, line: string): string {
  if (line.startsWith('{')) {
    try {
      const { time: _time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
      const fields = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return `${label(source)} ${String(level).padEnd(5)} ${String(msg)}${fields ? ` ${fields}` : ''}`;
    } catch {
      // not JSON after all: print as it came
    }
  }
  return `${label(source)} ${line}`;
}
