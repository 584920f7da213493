/**
 * `npm run doctor [-- https://video.example.com [https://shop.example.com/some/product]]`:
 * checks a deployment from outside, one line per check, each failure with what to do. Run it
 * from a machine on the internet (a laptop on a phone's hotspot is a good shopper).
 * `--resolve host:address` finds a host before its DNS record does (and in tests);
 * `--ca file` trusts a private CA (Caddy's `tls internal`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DoctorProbe } from '../../server/contract/doctor.js';
import { addressOf, httpsGet, type Answer, type Reach } from './net.js';
import { launchProbeBrowser, tryPath, widgetOnPage, type MediaPath } from './webrtc-probe.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when it failed. */
  advice?: string;
}

const Args = z.object({
  server: z.url({ protocol: /^https$/, error: 'must be the https address of your Vitrina server, e.g. https://video.example.com' }),
  shopPage: z.url({ protocol: /^https?$/, error: 'must be the address of a shop page with the widget' }).optional(),
  resolve: z.array(z.string().regex(/^[^:\s]+:[0-9a-fA-F.:]+$/, 'must be host:address')),
  ca: z.string().optional(),
});

function parseArgs(argv: string[]): z.infer<typeof Args> {
  const positional: string[] = [];
  const resolve: string[] = [];
  let ca: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--resolve') resolve.push(argv[++i] ?? '');
    else if (arg === '--ca') ca = argv[++i];
    else positional.push(arg);
  }
  const parsed = Args.safeParse({ server: positional[0] ?? process.env.VITRINA_PUBLIC_URL, shopPage: positional[1], resolve, ca });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'} ${i.message}`).join('; '));
  }
  return parsed.data;
}

const PATHS: { path: MediaPath; name: string; advice: (offered: string[]) => string }[] = [
  {
    path: 'udp',
    name: 'media over UDP',
    advice: (o) => `open ${ports(o, 'udp') || "LiveKit's UDP port (7882)"}/udp in the firewall, and set VITRINA_PUBLIC_IP if the server is behind NAT`,
  },
  { path: 'tcp', name: 'media over TCP', advice: (o) => `open ${ports(o, 'tcp') || "LiveKit's TCP port (7881)"}/tcp in the firewall` },
  { path: 'turn-udp', name: 'TURN relay over UDP', advice: (o) => `open ${turnPort(o) ?? '3478'}/udp in the firewall` },
  {
    path: 'turn-tls',
    name: 'TURN relay over TLS (443)',
    advice: () => "serve HTTPS on port 443 through Vitrina's Caddy (npm start in production mode): TURN over TLS shares it",
  },
];
const ports = (offered: string[], protocol: string) => [...new Set(offered.filter((o) => o.endsWith(`/${protocol}`)).map((o) => o.split('/')[0]))].join(', ');
const turnPort = (offered: string[]) => offered.map((u) => /^turn:[^?]*:(\d+)\?transport=udp/.exec(u)?.[1]).find(Boolean);

/** What the TLS handshake of the health request says about the certificate. */
function certificateCheck(server: URL, health: Answer | Error): Check {
  if (!(health instanceof Error)) {
    const cert = health.certificate;
    const from = Date.parse(cert?.valid_from ?? '');
    const to = Date.parse(cert?.valid_to ?? '');
    const left = to - Date.now();
    // Caddy renews with a third of a certificate's life left (30 of 90 days; 4 of 12 hours for its own CA): well past that, renewal is failing.
    const ok = left > (to - from) / 5;
    const leftText = left > 2 * 86_400_000 ? `${Math.floor(left / 86_400_000)} days left` : `${Math.max(0, Math.floor(left / 3_600_000))} hours left`;
    return {
      name: 'certificate',
      ok,
      detail: `names ${server.hostname}, ${leftText} (issuer: ${cert?.issuer?.O ?? cert?.issuer?.CN ?? 'unknown'})`,
      ...(ok
        ? {}
        : { advice: "Caddy renews certificates well before they end and has not: check that ports 80 and 443 stay open to the internet and read Caddy's log" }),
    };
  }
  const e = health as NodeJS.ErrnoException;
  const advice =
    e.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? `the certificate served is for another name: set VITRINA_PUBLIC_URL=https://${server.hostname} on the server and point the name's DNS record at it`
      : /alert|handshake|EPROTO/i.test(e.message)
        ? `the server has no certificate for ${server.hostname}: set VITRINA_PUBLIC_URL=https://${server.hostname} on the server (Caddy obtains one for exactly that name)`
        : /self.signed|unable to (get|verify)/i.test(e.message)
          ? 'the certificate is not from a public CA: use VITRINA_TLS=acme (the default), or pass --ca for a private one'
          : `nothing answers HTTPS on ${server.host}: is npm start running, and is port ${server.port || 443} open?`;
  const alert = /(tlsv1 alert [a-z ]+)/i.exec(e.message)?.[1];
  return { name: 'certificate', ok: false, detail: alert ? `the TLS handshake was refused (${alert})` : e.message, advice };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = new URL(args.server);
  const reach: Reach = {
    resolve: new Map(args.resolve.map((r) => [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)] as [string, string])),
    ...(args.ca ? { ca: readFileSync(args.ca) } : {}),
  };
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    console.log(
      `${check.ok ? '✓' : '✗'} ${check.name.padEnd(26)} ${check.detail.replace(/\s+/g, ' ').trim()}${check.ok || !check.advice ? '' : `\n  → ${check.advice}`}`,
    );
  };

  try {
    report({ name: 'DNS', ok: true, detail: `${server.hostname} → ${await addressOf(server.hostname, reach)}` });
  } catch (err) {
    report({
      name: 'DNS',
      ok: false,
      detail: String((err as Error).message),
      advice: `add an A (or AAAA) record for ${server.hostname} pointing at the server`,
    });
  }
  // One request tells both: the certificate it was answered with, and whether the server behind is up.
  const health = await httpsGet(`${server.origin}/healthz`, reach).catch((err: Error) => err);
  report(certificateCheck(server, health));
  if (health instanceof Error) return finish(checks);
  if (health.status !== 200) {
    report({
      name: 'health',
      ok: false,
      detail: `answered ${health.status}`,
      advice: "the proxy answers but the Vitrina server does not: read the server's log (npm start prints it)",
    });
    return finish(checks);
  }
  report({ name: 'health', ok: true, detail: `/healthz answered in ${health.ms} ms` });
  const serverDate = Date.parse(String(health.headers.date ?? ''));
  const skewS = Math.abs(Date.now() - health.ms / 2 - serverDate) / 1000;
  report({
    name: 'clock',
    ok: skewS < 30,
    detail: `${skewS.toFixed(1)} s from the server's`,
    advice: "set the server's clock by NTP (timedatectl set-ntp true): tokens and certificates depend on it",
  });

  const probeAnswer = await httpsGet(`${server.origin}/api/doctor/probe`, reach, { method: 'POST' }).catch((err: Error) => err);
  if (probeAnswer instanceof Error || probeAnswer.status !== 201) {
    report({
      name: 'signalling',
      ok: false,
      detail: probeAnswer instanceof Error ? probeAnswer.message : `probe answered ${probeAnswer.status}`,
      advice: 'this server is older than the doctor, or is not Vitrina: update it',
    });
    return finish(checks);
  }
  const firstProbe = JSON.parse(probeAnswer.body) as DoctorProbe;
  const upgrade = await httpsGet(`${firstProbe.livekitUrl.replace(/^wss/, 'https')}/rtc?access_token=${encodeURIComponent(firstProbe.token)}`, reach, {
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': Buffer.from('vitrina-doctor!!').toString('base64'),
    },
  }).catch((err: Error) => err);
  report(
    upgrade instanceof Error || !upgrade.upgraded
      ? {
          name: 'signalling over WSS',
          ok: false,
          detail: upgrade instanceof Error ? upgrade.message : `answered ${upgrade.status}, not a WebSocket`,
          advice: "the proxy must pass /rtc to livekit-server with WebSocket upgrades (npm start's Caddy does)",
        }
      : { name: 'signalling over WSS', ok: true, detail: `${firstProbe.livekitUrl} upgraded in ${upgrade.ms} ms` },
  );

  const probeBrowser = await launchProbeBrowser(reach);
  try {
    for (const p of PATHS) {
      const fresh = await httpsGet(`${server.origin}/api/doctor/probe`, reach, { method: 'POST' });
      const result = await tryPath(probeBrowser.browser, `${server.origin}/healthz`, JSON.parse(fresh.body) as DoctorProbe, p.path);
      report(
        result.ok
          ? { name: p.name, ok: true, detail: `connected in ${result.ms} ms (${result.via ?? 'path unknown'})` }
          : { name: p.name, ok: false, detail: result.error ?? 'no connection', advice: p.advice(result.offered) },
      );
    }
    if (args.shopPage) {
      const shop = new URL(args.shopPage);
      const preflight = await httpsGet(`${server.origin}/api/calls`, reach, {
        method: 'OPTIONS',
        headers: { Origin: shop.origin, 'Access-Control-Request-Method': 'POST' },
      }).catch((err: Error) => err);
      const allowed = !(preflight instanceof Error) && preflight.status === 204;
      report({
        name: 'shop origin allowed',
        ok: allowed,
        detail: allowed ? `${shop.origin} may open calls` : `${shop.origin} may not open calls`,
        advice: `add ${shop.origin} in the admin page (Install) or to VITRINA_ALLOWED_ORIGINS`,
      });
      const widget = await widgetOnPage(probeBrowser.browser, shop.href).catch((err: Error) => ({ ok: false, detail: err.message }));
      report({
        name: 'widget on the shop page',
        ...widget,
        advice: `paste <script type="module" src="${server.origin}/widget/vitrina.js"></script> and <vitrina-call-button></vitrina-call-button> into the page; if the shop sends a Content-Security-Policy, add the lines in docs/deploy.md`,
      });
    }
  } finally {
    await probeBrowser.close();
  }
  finish(checks);
}

function finish(checks: Check[]): void {
  const failed = checks.filter((c) => !c.ok).length;
  console.log(failed === 0 ? `\nAll ${checks.length} checks passed.` : `\n${failed} of ${checks.length} checks failed.`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(`doctor: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
