import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../system/ensure-system-tools.js';
import { homeTrusting } from '../system/trusting-home.js';
import type { Reach } from './net.js';
import { SELECTED_PAIRS_SCRIPT, type SelectedPair } from './selected-pair.js';

/** The ways media can reach the SFU, each tried alone. */
export type MediaPath = 'udp' | 'tcp' | 'turn-udp' | 'turn-tls';

export interface PathResult {
  ok: boolean;
  ms?: number;
  /** The candidate pair that connected, e.g. `relay over tls → udp 203.0.113.10:7882`. */
  via?: string;
  /** Ports LiveKit offered for this path (for the advice when it fails). */
  offered: string[];
  error?: string;
}

/**
 * A headless Chromium that reaches the deployment as a shopper's would: it trusts the given
 * CA (through an NSS database of its own) and finds mapped host names (`--host-resolver-rules`).
 */
export async function launchProbeBrowser(reach: Reach): Promise<{ browser: Browser; close(): Promise<void> }> {
  const home = mkdtempSync(path.join(tmpdir(), 'vitrina-doctor-'));
  if (reach.ca) homeTrusting(reach.ca, home);
  const rules = [...reach.resolve].map(([host, ip]) => `MAP ${host} ${ip}`).join(', ');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      ...(rules ? [`--host-resolver-rules=${rules}`] : []),
    ],
    env: { ...process.env, HOME: home },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// The package's `require` entry is its UMD build, which defines window.LivekitClient in a page.
const livekitClient = () => readFileSync(createRequire(import.meta.url).resolve('livekit-client'), 'utf8');

/**
 * Joins the probe's room with livekit-client, allowing only one path: candidates of the other
 * protocol are dropped, and TURN is either refused or the only way (relay policy, its URLs only).
 */
export async function tryPath(
  browser: Browser,
  pageUrl: string,
  probe: { livekitUrl: string; token: string },
  only: MediaPath,
  timeoutMs = 10_000,
): Promise<PathResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // tsx keeps function names with a `__name` helper that the functions sent to the page would call.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript({ content: SELECTED_PAIRS_SCRIPT });
    await page.addInitScript((mode: MediaPath) => {
      const Native = window.RTCPeerConnection;
      const offered: string[] = [];
      const state = window as unknown as { __probe: { pcs: RTCPeerConnection[]; offered: string[] } };
      state.__probe = { pcs: [], offered };
      const relay = mode === 'turn-udp' || mode === 'turn-tls';
      const keep = (c: string | undefined) => {
        if (!c) return true;
        const protocol = / (udp|tcp) /i.exec(c)?.[1]?.toLowerCase();
        const port = c.split(' ')[5];
        if (protocol) offered.push(`${port}/${protocol}`);
        return relay || protocol === (mode === 'udp' ? 'udp' : 'tcp');
      };
      const adjust = (config: RTCConfiguration | undefined): RTCConfiguration => {
        const wanted = mode === 'turn-tls' ? /^turns:/ : /^turn:.*transport=udp/;
        const iceServers = relay
          ? (config?.iceServers ?? [])
              .map((s) => ({ ...s, urls: ([] as string[]).concat(s.urls).filter((u) => wanted.test(u)) }))
              .filter((s) => s.urls.length > 0)
          : [];
        for (const s of config?.iceServers ?? []) for (const u of ([] as string[]).concat(s.urls)) offered.push(u);
        return { ...config, iceServers, iceTransportPolicy: relay ? 'relay' : 'all' };
      };
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(adjust(config));
          state.__probe.pcs.push(this);
          const setConfiguration = this.setConfiguration.bind(this);
          this.setConfiguration = (c?: RTCConfiguration) => setConfiguration(adjust(c));
          const addIceCandidate = this.addIceCandidate.bind(this);
          this.addIceCandidate = ((c?: RTCIceCandidateInit) => (keep(c?.candidate) ? addIceCandidate(c) : Promise.resolve())) as typeof this.addIceCandidate;
          const setRemoteDescription = this.setRemoteDescription.bind(this);
          this.setRemoteDescription = (d: RTCSessionDescriptionInit) =>
            setRemoteDescription({
              ...d,
              sdp: d.sdp
                ?.split('\r\n')
                .filter((l) => !l.startsWith('a=candidate:') || keep(l.slice(2)))
                .join('\r\n'),
            });
        }
      };
    }, only);
    // Same origin as the signalling, so LiveKit's own checks are not cross-origin requests.
    await page.goto(pageUrl);
    await page.addScriptTag({ content: livekitClient() });
    return await page.evaluate(
      async ([url, token, limit]) => {
        type Room = {
          connect(u: string, t: string, o: object): Promise<void>;
          disconnect(): Promise<void>;
          localParticipant: { publishTrack(t: MediaStreamTrack, o: object): Promise<unknown> };
        };
        const LK = (window as unknown as { LivekitClient: { Room: new () => Room } }).LivekitClient;
        const probe = (window as unknown as { __probe: { pcs: RTCPeerConnection[]; offered: string[] } }).__probe;
        const room = new LK.Room();
        const started = performance.now();
        try {
          await Promise.race([
            // Joining opens no media connection by itself; publishing does (a silent tone, no device needed).
            room.connect(url, token, { maxRetries: 0, peerConnectionTimeout: limit }).then(() => {
              const audio = new AudioContext();
              const tone = audio.createOscillator();
              const sink = audio.createMediaStreamDestination();
              tone.connect(sink);
              tone.start();
              return room.localParticipant.publishTrack(sink.stream.getAudioTracks()[0], { source: 'microphone' });
            }),
            new Promise((_, reject) => setTimeout(() => reject(new Error(`no connection in ${limit / 1000} s`)), limit + 2000)),
          ]);
          // Signalling is up; the media connection (ICE, then DTLS) is what this path is about.
          const deadline = started + limit;
          while (!probe.pcs.some((pc) => pc.connectionState === 'connected')) {
            if (performance.now() > deadline || probe.pcs.some((pc) => pc.connectionState === 'failed'))
              throw new Error(`no media connection in ${limit / 1000} s`);
            await new Promise((r) => setTimeout(r, 50));
          }
          const ms = Math.round(performance.now() - started);
          let via: string | undefined;
          const selectedPairs = (window as unknown as { __vitrinaSelectedPairs: (pc: RTCPeerConnection) => Promise<SelectedPair[]> }).__vitrinaSelectedPairs;
          for (const pc of probe.pcs) {
            for (const { local, remote } of await selectedPairs(pc)) {
              via = `${local.candidateType}${local.relayProtocol ? ` over ${local.relayProtocol}` : ''} → ${remote.protocol} ${remote.address}:${remote.port}`;
            }
          }
          await room.disconnect();
          if (!via) return { ok: false, offered: [...new Set(probe.offered)], error: 'connected, yet no candidate pair was chosen' };
          return { ok: true, ms, via, offered: [...new Set(probe.offered)] };
        } catch (err) {
          // The probe's own error is the one to report.
          await room.disconnect().catch(() => undefined);
          return { ok: false, offered: [...new Set(probe.offered)], error: err instanceof Error ? err.message : String(err) };
        }
      },
      [probe.livekitUrl, probe.token, timeoutMs] as const,
    );
  } finally {
    await context.close();
  }
}

/** Loads the shop's page as a shopper would and says whether the widget really runs there. */
export async function widgetOnPage(browser: Browser, pageUrl: string): Promise<{ ok: boolean; detail: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(pageUrl, { waitUntil: 'load', timeout: 20_000 });
    if (!response?.ok()) return { ok: false, detail: `the page answered ${response?.status() ?? 'nothing'}` };
    const found = await page
      .waitForFunction(() => !!customElements.get('vitrina-call-button') && !!document.querySelector('vitrina-call-button'), undefined, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (found) return { ok: true, detail: '<vitrina-call-button> is on the page and running' };
    const present = await page.evaluate(() => !!document.querySelector('vitrina-call-button'));
    return {
      ok: false,
      detail: present
        ? "the element is there but its script never ran (check the script tag and the page's Content-Security-Policy)"
        : 'no <vitrina-call-button> on the page',
    };
  } finally {
    await context.close();
  }
}
