/**
 * The participants a bench puts into calls, of either kind, behind one shape: light ones that
 * replay media encoded once (`replay`, one Go process for all) or Chromium pages that encode
 * their own (`fake-devices`, `sync-pattern`, one browser for all). Either way `pid` is the root
 * of their processes, so their CPU can be read.
 */
import { launchPublisherBrowser, openPublisher } from '../../test/support/publisher/publisher.js';
import { startReplayPublishers } from '../../test/support/publisher/replay-publishers.js';
import { descendantWithArg } from './process-tree.js';

export const MEDIA_KINDS = ['replay', 'fake-devices', 'sync-pattern'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface BenchPublishers {
  pid: number;
  /** What each participant publishes, as the bench reports it. */
  describe: string;
  /** `allow`: who may subscribe, as the call's parties allow the recorder. */
  join(livekitUrl: string, token: string, allow: string[]): Promise<{ leave(): Promise<void> }>;
  close(): Promise<void>;
}

const MARK = '--vitrina-bench-publishers';

export async function startBenchPublishers(media: MediaKind): Promise<BenchPublishers> {
  if (media === 'replay') {
    const p = await startReplayPublishers();
    const c = p.camera;
    return {
      pid: p.pid,
      describe: `replay participants in one Go process (LiveKit's Go SDK): a camera pre-encoded once, VP8 ${c.width}×${c.height} at ${c.fps} fps and ${c.videoBitrate / 1000} kbit/s, and Opus at ${c.audioBitrate / 1000} kbit/s`,
      join: (livekitUrl, token, allow) => p.join({ livekitUrl, token, allow }),
      close: () => p.close(),
    };
  }
  const browser = await launchPublisherBrowser([MARK]);
  try {
    const pid = descendantWithArg(process.pid, MARK);
    if (!pid) throw new Error("no publishers' browser process");
    return {
      pid,
      describe:
        media === 'fake-devices'
          ? "Chromium pages in one browser: the fake camera (640×480, 24 fps) and microphone, livekit-client's defaults"
          : 'Chromium pages in one browser: a flashing 640×360 canvas and a tone (the sync pattern)',
      join: (livekitUrl, token, allow) => openPublisher(browser, { livekitUrl, token, media, allow }),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
