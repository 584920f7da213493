import type { BrowserContext, Page } from '@playwright/test';

/**
 * A slow phone, as Chrome DevTools' "3G" preset and "4× slowdown" describe one: 1.44 Mbit/s down,
 * 675 kbit/s up, 562.5 ms added to every request, and a CPU a quarter as fast as this machine's.
 * Throughput is held by the test network itself (media too); the latency only by Chromium's own
 * emulation, for HTTP and signalling, since this kernel has no netem to delay packets.
 */
export const SLOW_PHONE = { downKbit: 1440, upKbit: 675, requestLatencyMs: 562.5, cpuSlowdown: 4 } as const;

/** A phone's screen and input: 390×844 at 3× density, touch, the mobile viewport rules. */
export const PHONE_CONTEXT = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } as const;

/** Slows this page's CPU and requests as `SLOW_PHONE` says (the network's throughput is set on the namespace). */
export async function slowDown(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpuSlowdown });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_PHONE.requestLatencyMs,
    // -1: no limit of Chromium's own; the namespace holds the throughput.
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

/** The video a page receives and the camera it sends, over two seconds, from WebRTC's statistics. */
export interface MediaNow {
  received?: { width: number; height: number; fps: number; kbps: number; freezes: number };
  sent?: { width: number; height: number; fps: number; kbps: number; layers: number; limitedBy: string };
}

/**
 * Reads the peer connections `watchConnections` or `watchPeerConnections` kept. Sent: the largest
 * simulcast layer still sending, all layers' bitrate together, and why the encoder held back
 * (`cpu`, `bandwidth` or `none`).
 */
export function mediaNow(page: Page): Promise<MediaNow> {
  return page.evaluate(async () => {
    type Kept = RTCPeerConnection | { pc: RTCPeerConnection };
    const kept = (window as unknown as { __vitrinaPcs?: Kept[] }).__vitrinaPcs ?? [];
    const pcs = kept.map((k) => (k instanceof RTCPeerConnection ? k : k.pc)).filter((pc) => pc.connectionState === 'connected');
    type Stat = Record<string, number | string | undefined> & { type: string; kind?: string; id: string };
    const sample = async () => {
      const all: Stat[] = [];
      for (const pc of pcs) (await pc.getStats()).forEach((s: Stat) => all.push(s));
      return all;
    };
    const num = (s: Stat | undefined, key: string) => Number(s?.[key] ?? 0);
    const before = await sample();
    await new Promise((r) => setTimeout(r, 2000));
    const after = await sample();
    const bytesOver2s = (s: Stat, key: string) =>
      num(s, key) -
      num(
        before.find((b) => b.id === s.id),
        key,
      );

    const inbound = after.filter((s) => s.type === 'inbound-rtp' && s.kind === 'video').sort((a, b) => num(b, 'bytesReceived') - num(a, 'bytesReceived'))[0];
    const outbound = after.filter((s) => s.type === 'outbound-rtp' && s.kind === 'video');
    const sending = outbound.filter((s) => bytesOver2s(s, 'bytesSent') > 0).sort((a, b) => num(b, 'frameWidth') - num(a, 'frameWidth'));
    const top = sending[0];
    const kbps = (bytes: number) => Math.round((bytes * 8) / 2000);
    return {
      ...(inbound
        ? {
            received: {
              width: num(inbound, 'frameWidth'),
              height: num(inbound, 'frameHeight'),
              fps: num(inbound, 'framesPerSecond'),
              kbps: kbps(bytesOver2s(inbound, 'bytesReceived')),
              freezes: num(inbound, 'freezeCount'),
            },
          }
        : {}),
      ...(top
        ? {
            sent: {
              width: num(top, 'frameWidth'),
              height: num(top, 'frameHeight'),
              fps: num(top, 'framesPerSecond'),
              kbps: kbps(sending.reduce((sum, s) => sum + bytesOver2s(s, 'bytesSent'), 0)),
              layers: sending.length,
              limitedBy: String(top.qualityLimitationReason ?? 'none'),
            },
          }
        : {}),
    };
  });
}
