import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { define } from '../../../widget/define.js';
import { VitrinaAgentConsole } from '../../../console/agent/agent-console.js';
import type { AgentEvent, Assignment } from '../../../server/contract/agent.js';
import type { AgentView } from '../../../server/contract/auth.js';

define('vitrina-agent-console', VitrinaAgentConsole);

const ANNA: AgentView = { id: 'agent_aaaaaaaaaaaaaaaaaaaaaa', email: 'anna@example.test', name: 'Anna', role: 'agent', status: 'available' };

const ring = (kind: Assignment['kind']): Assignment => ({
  callId: 'call_aaaaaaaaaaaaaaaaaaaaaa',
  state: 'ringing',
  page: { url: 'https://shop.test/p/lamp', title: 'Brass lamp' },
  // Never answers (see the WebSocket below): the console keeps ringing for as long as the test looks.
  livekitUrl: 'ws://127.0.0.1:9',
  token: 't',
  shopperIdentity: 'shopper-call_aaaaaaaaaaaaaaaaaaaaaa',
  kind,
});

/**
 * The console's whole outside world, by hand: a session (`me`), an event stream that says hello
 * and rings, a LiveKit signal socket that never opens, and devices that count who asks for them.
 */
function stubWorld(assignment: Assignment) {
  const originals = {
    fetch: window.fetch.bind(window),
    EventSource: window.EventSource,
    WebSocket: window.WebSocket,
    getUserMedia: navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices),
  };
  const asked: MediaStreamConstraints[] = [];
  window.fetch = async (input) => {
    const url = input instanceof Request ? input.url : input.toString();
    // LiveKit's own requests to its server (never there): left unanswered, like the socket.
    if (new URL(url, location.href).port === '9') return new Promise<Response>(() => {});
    const body = url.includes('/api/auth/me') ? ANNA : url.includes('/messages') || url.includes('/api/callbacks') ? [] : undefined;
    return body === undefined
      ? new Response(JSON.stringify({ error: { code: 'not-found', message: 'not in this test' } }), { status: 404 })
      : new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  class Events {
    readyState = 1;
    onopen: ((ev: Event) => void) | null = null;
    onerror: ((ev: Event) => void) | null = null;
    onmessage: ((message: MessageEvent<string>) => void) | null = null;
    constructor() {
      const events: AgentEvent[] = [
        { type: 'hello', agent: ANNA, shopOrigins: ['https://shop.test'], line: [], serverNow: Date.now() },
        { type: 'assignment', assignment },
      ];
      setTimeout(() => {
        this.onopen?.(new Event('open'));
        for (const e of events) this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(e) }));
      }, 0);
    }
    close() {}
  }
  class SilentSocket extends EventTarget {
    readyState = 0;
    binaryType = 'arraybuffer';
    onopen = null;
    onclose = null;
    onerror = null;
    onmessage = null;
    send() {}
    close() {}
  }
  window.EventSource = Events as unknown as typeof EventSource;
  window.WebSocket = SilentSocket as unknown as typeof WebSocket;
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    asked.push(constraints ?? {});
    return originals.getUserMedia(constraints);
  };
  return {
    asked,
    restore() {
      window.fetch = originals.fetch;
      window.EventSource = originals.EventSource;
      window.WebSocket = originals.WebSocket;
      navigator.mediaDevices.getUserMedia = originals.getUserMedia;
    },
  };
}

async function ringingConsole(kind: Assignment['kind'], lang = 'en') {
  const world = stubWorld(ring(kind));
  const el = await fixture<VitrinaAgentConsole>(html`<vitrina-agent-console lang=${lang}></vitrina-agent-console>`);
  const title = () => el.shadowRoot!.querySelector('[data-testid=ring-title]')?.textContent.trim();
  await waitUntil(title, 'the console rings');
  return { el, world, title };
}

describe('<vitrina-agent-console> ringing: the consultant sees which kind of call it is', () => {
  for (const [lang, words] of [
    ['en', 'Incoming chat'],
    ['ru', 'Входящий чат'],
  ] as const) {
    it(`a chat rings as "${words}" and starts no camera and no microphone`, async () => {
      const { world, title } = await ringingConsole('chat', lang);
      try {
        expect(title()).to.equal(words);
        // Joining the room (the step after the devices) has begun: the devices were never asked for.
        await new Promise((r) => setTimeout(r, 300));
        expect(world.asked).to.deep.equal([]);
      } finally {
        world.restore();
      }
    });
  }

  for (const [lang, words] of [
    ['en', 'Incoming video call'],
    ['ru', 'Входящий видеозвонок'],
  ] as const) {
    it(`a video call rings as "${words}" with the camera live`, async () => {
      const { world, title } = await ringingConsole('video', lang);
      try {
        expect(title()).to.equal(words);
        await waitUntil(() => world.asked.length > 0, 'camera and microphone asked for');
      } finally {
        world.restore();
      }
    });
  }
});
