/**
 * A per-run timeline of what happens between Accept and the first face, read from inside each
 * browser page (bench only): the signalling messages that matter (a subscription permission
 * sent, the room's metadata, the SFU's offer of a new track), and from getStats, polled every
 * few ms, each key-frame request sent and received (pliCount, firCount), the first packet and
 * first key frame decoded, and key frames encoded. Plus the SFU's own key-frame requests to the
 * publishers, from livekit-server's debug log; and the widget's own `vitrina:*` steps (User Timing
 * marks). Everything is in Date.now() of this machine.
 */
import type { Page } from '@playwright/test';

export interface TimelineEvent {
  /** Date.now() when seen. */
  at: number;
  /** Which page or process saw it ("shopper", "agent", "sfu"). */
  by: string;
  what: string;
}

/**
 * Installed with `context.addInitScript` before any page script: keeps every RTCPeerConnection
 * and notes the signalling messages by their protobuf tag. A string, so the bundler's helpers
 * do not leak into the page.
 */
export const timelineInitScript = `(() => {
  const w = window;
  w.__benchPcs = [];
  w.__benchSnaps = [];
  w.__benchEvents = [];
  const note = (what) => w.__benchEvents.push({ at: Date.now(), what });
  const Native = w.RTCPeerConnection;
  // How long the browser takes to make a peer connection, its first offer and an AudioContext:
  // livekit-client makes all three between connect() and opening its signalling socket.
  w.RTCPeerConnection = function (...args) {
    const made = performance.now();
    const pc = new Native(...args);
    const i = w.__benchPcs.push(pc) - 1;
    note('pc' + i + ' made in ' + Math.round(performance.now() - made) + ' ms');
    pc.addEventListener('connectionstatechange', () => pc.connectionState === 'connected' && note('pc' + i + ' connected'));
    return pc;
  };
  w.RTCPeerConnection.prototype = Native.prototype;
  Object.setPrototypeOf(w.RTCPeerConnection, Native);
  const nativeOffer = Native.prototype.createOffer;
  Native.prototype.createOffer = function (...args) {
    const i = w.__benchPcs.indexOf(this);
    note('pc' + i + ' offer asked');
    const made = nativeOffer.apply(this, args);
    if (made && typeof made.then === 'function') made.then(() => note('pc' + i + ' offer made'), () => undefined);
    return made;
  };
  const NativeAudio = w.AudioContext;
  if (NativeAudio) {
    w.AudioContext = function (...args) {
      const made = performance.now();
      const ctx = new NativeAudio(...args);
      note('audio context made in ' + Math.round(performance.now() - made) + ' ms');
      return ctx;
    };
    w.AudioContext.prototype = NativeAudio.prototype;
  }
  // SignalRequest / SignalResponse field tags (livekit_rtc.proto), the first byte(s) of each message.
  const sent = { 0x5a: 'signal: subscription permission sent', 0x12: 'signal: answer sent', 0x0a: 'signal: offer sent', 0x22: 'signal: add track' };
  const received = { 0x5a: 'signal: room metadata changed', 0x1a: 'signal: offer from SFU', 0x12: 'signal: answer from SFU', 0x2a: 'signal: participant update', 0x32: 'signal: track published', 0x7a: 'signal: permission update' };
  const firstByte = (data) => (data instanceof ArrayBuffer ? new Uint8Array(data)[0] : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, 1)[0] : undefined);
  // When the signalling socket opens and its first message (the SFU's join response) arrives.
  const NativeSocket = w.WebSocket;
  w.WebSocket = function (...args) {
    const socket = new NativeSocket(...args);
    if (String(args[0]).includes('/rtc')) {
      note('signal: socket opening');
      socket.addEventListener('open', () => note('signal: socket open'));
      socket.addEventListener('message', () => socket.__benchAnswered || ((socket.__benchAnswered = true), note('signal: join response')));
    }
    return socket;
  };
  w.WebSocket.prototype = NativeSocket.prototype;
  Object.assign(w.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  const nativeSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const tag = firstByte(data);
    if (tag !== undefined && sent[tag]) note(sent[tag]);
    if (!this.__benchWatched) {
      this.__benchWatched = true;
      this.addEventListener('message', (e) => {
        const bytes = e.data instanceof ArrayBuffer ? new Uint8Array(e.data) : undefined;
        if (!bytes) return;
        if (bytes[0] === 0xba && bytes[1] === 0x01) note('signal: track subscribed');
        else if (received[bytes[0]]) note(received[bytes[0]]);
      });
    }
    return nativeSend.call(this, data);
  };
  const NativeSource = w.EventSource;
  if (NativeSource) {
    w.EventSource = function (...args) {
      const source = new NativeSource(...args);
      source.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.includes('"type":"assignment"')) note('ring: assignment arrived');
      });
      return source;
    };
    w.EventSource.prototype = NativeSource.prototype;
    Object.assign(w.EventSource, { CONNECTING: 0, OPEN: 1, CLOSED: 2 });
  }
  // Polls every peer connection's video stats and notes each change that matters.
  w.__benchWatchStats = (everyMs) => {
    const last = new Map();
    const changed = (key, value) => {
      const before = last.get(key);
      last.set(key, value);
      return before !== value ? before : null;
    };
    const poll = async () => {
      for (const [i, pc] of w.__benchPcs.entries()) {
        if (pc.connectionState === 'closed') continue;
        const report = await pc.getStats().catch(() => undefined);
        if (!report) continue;
        for (const s of report.values()) {
          if (s.kind !== 'video') continue;
          const id = 'pc' + i + ' ' + s.type + ' ' + s.ssrc;
          if (s.type === 'inbound-rtp' || s.type === 'outbound-rtp' || s.type === 'media-source') {
            w.__benchSnaps.push({ at: Date.now(), id, frames: s.framesEncoded ?? s.framesDecoded ?? s.frames, received: s.framesReceived, bytes: s.bytesSent ?? s.bytesReceived, sendDelay: s.totalPacketSendDelay, jitterDelay: s.jitterBufferDelay, emitted: s.jitterBufferEmittedCount, fps: s.framesPerSecond, width: s.frameWidth ?? s.width, limit: s.qualityLimitationReason, target: s.targetBitrate });
          }
          if (s.type === 'inbound-rtp') {
            if (s.packetsReceived > 0 && changed(id + ' rx', true) === undefined) note('in: first video packet');
            for (const k of ['pliCount', 'firCount', 'nackCount']) {
              const before = changed(id + k, s[k]);
              if (before !== null && s[k] > 0) note('in: ' + k + ' ' + s[k] + ' (request sent)');
            }
            if (s.keyFramesDecoded > 0 && changed(id + ' kfd', true) === undefined) note('in: first key frame decoded');
            if (s.framesDecoded > 0 && changed(id + ' fd', true) === undefined) note('in: first frame decoded');
          } else if (s.type === 'outbound-rtp') {
            for (const k of ['pliCount', 'firCount']) {
              const before = changed(id + k, s[k]);
              if (before !== null && before !== undefined) note('out: ' + k + ' ' + s[k] + ' (request received)');
            }
            const kf = changed(id + ' kfe', s.keyFramesEncoded);
            if (kf !== null && kf !== undefined) note('out: key frame encoded (' + s.keyFramesEncoded + ')');
            if (s.packetsSent > 0 && changed(id + ' tx', true) === undefined) note('out: first video packet sent');
          }
        }
      }
    };
    // Each poll waits for the one before: on a busy machine getStats can take longer than the
    // interval, and overlapping polls would take the page's time from the call being timed.
    clearTimeout(w.__benchStatsTimer);
    const generation = (w.__benchStatsGeneration = (w.__benchStatsGeneration ?? 0) + 1);
    const loop = async () => {
      await poll();
      if (w.__benchStatsGeneration === generation) w.__benchStatsTimer = setTimeout(() => void loop(), everyMs);
    };
    void loop();
  };
  // The widget's and the console's own steps (room-connect, media-published, ...), at the time they were marked.
  new PerformanceObserver((list) => {
    for (const m of list.getEntries()) {
      if (m.name.startsWith('vitrina:')) w.__benchEvents.push({ at: Math.round(performance.timeOrigin + m.startTime), what: 'step: ' + m.name.slice(8) });
    }
  }).observe({ type: 'mark' });
  w.__benchNote = note;
})();`;

/** Starts the stats poller in a page (its baseline is what the stats say now, noted as first sightings). */
export async function watchStats(page: Page, everyMs = 15): Promise<void> {
  await page.evaluate(`window.__benchWatchStats(${everyMs})`);
}

/** Everything the page noted since `from` (Date.now()), and forgets it. */
export async function takeEvents(page: Page, by: string, from: number): Promise<TimelineEvent[]> {
  const events = await page.evaluate<{ at: number; what: string }[]>(`(() => {
    const all = window.__benchEvents.splice(0);
    return all.filter((e) => e.at >= ${from});
  })()`);
  return events.map((e) => ({ ...e, by }));
}

/** Every poll's video counters since `from` (frames, bytes, delays per stream), and forgets them: for reading a run closely. */
export async function takeSnapshots(page: Page, from: number): Promise<unknown[]> {
  return page.evaluate<unknown[]>(`window.__benchSnaps.splice(0).filter((s) => s.at >= ${from})`);
}

/** Stops a page's stats poller (its peer connections are about to go). */
export async function stopStats(page: Page): Promise<void> {
  await page.evaluate('window.__benchStatsGeneration++; clearTimeout(window.__benchStatsTimer)').catch(() => undefined);
}

/**
 * The SFU's key-frame requests from livekit-server's debug log: each "sending PLI" line names
 * the subscriber it is for (the downtrack's participant) and the track.
 */
export class SfuKeyFrameLog {
  private events: TimelineEvent[] = [];

  line(line: string): void {
    if (!line.includes('sending PLI')) return;
    const fields = /\{.*\}\s*$/.exec(line)?.[0];
    let who = '?';
    try {
      const parsed = fields ? (JSON.parse(fields) as Record<string, unknown>) : {};
      const named = parsed.participant ?? parsed.subscriber;
      if (typeof named === 'string') who = named;
    } catch {
      // A line cut by the pipe: the time still counts.
    }
    // "layer lock": the SFU's own request when a subscription starts (and its retries until a key frame
    // comes); "RTCP": the subscriber's PLI, passed on.
    const reason = line.includes('layer lock') ? 'layer lock' : "subscriber's RTCP";
    this.events.push({ at: Date.now(), by: 'sfu', what: `PLI to the publisher, for subscriber ${shortIdentity(who)} (${reason})` });
  }

  take(from: number): TimelineEvent[] {
    const taken = this.events.filter((e) => e.at >= from);
    this.events = [];
    return taken;
  }
}

function shortIdentity(identity: string): string {
  if (identity.startsWith('recorder-')) return 'recorder';
  if (identity.startsWith('shopper-')) return 'shopper';
  if (identity.startsWith('agent-')) return 'agent';
  return identity;
}

/** One line per event, ms from `zero`, in time order. */
export function formatTimeline(events: readonly TimelineEvent[], zero: number): string {
  return [...events]
    .sort((a, b) => a.at - b.at)
    .map((e) => `    ${String(e.at - zero).padStart(6)} ms  ${e.by.padEnd(8)} ${e.what}`)
    .join('\n');
}
