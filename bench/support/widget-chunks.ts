import path from 'node:path';
import type { Metafile } from 'esbuild';

/** The moments of a shopper's visit that each fetch part of the widget, in the order they come. */
export const MOMENTS = [
  { group: 'loader', entry: 'widget/index.ts', label: "the loader (the shop's script tag)" },
  { group: 'lobby', entry: 'widget/call-panel/call-panel-entry.ts', label: 'the lobby (the call panel)' },
  { group: 'call', entry: 'widget/call-core/shopper-call.ts', label: 'the call (livekit-client)' },
  { group: 'device check', entry: 'widget/device-check/device-check-entry.ts', label: 'the device check (when opened)' },
] as const;

export type Moment = (typeof MOMENTS)[number]['group'];

/**
 * Which moment brings each of the widget's scripts, by URL path (`/widget/chunks/…`): an entry
 * (or dynamically imported chunk) with every file it imports statically, less what an earlier
 * moment brought already. Read from esbuild's metafile, so a new split shows up by itself.
 */
export function widgetMoments(meta: Metafile, outdir: string): Map<string, Moment> {
  const urlOf = (output: string) => `/widget/${path.relative(outdir, path.resolve(output)).split(path.sep).join('/')}`;
  const byEntry = new Map<string, string>();
  for (const [output, o] of Object.entries(meta.outputs)) if (o.entryPoint) byEntry.set(o.entryPoint, output);
  const moments = new Map<string, Moment>();
  for (const { group, entry } of MOMENTS) {
    const root = byEntry.get(entry);
    if (!root) throw new Error(`no output for ${entry}: has the widget's split changed?`);
    const pending = [root];
    while (pending.length > 0) {
      const output = pending.pop() ?? '';
      const url = urlOf(output);
      if (moments.has(url)) continue;
      moments.set(url, group);
      for (const i of meta.outputs[output]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
    }
  }
  return moments;
}
