import { spawn, type ChildProcess } from 'node:child_process';
import { ensureMailpit } from '../../scripts/mail/ensure-mailpit.js';
import { freePort } from '../../scripts/system/free-port.js';

export interface MailpitMessage {
  ID: string;
  Subject: string;
  From: { Address: string; Name: string };
  To: { Address: string; Name: string }[];
}

export interface MailpitFull extends MailpitMessage {
  Text: string;
  HTML: string;
  Attachments: { FileName: string; ContentType: string; PartID: string }[];
}

/** A real SMTP server for one test file, its mail read back through its HTTP API; it sends nothing anywhere. */
export class Mailpit {
  private constructor(
    private readonly child: ChildProcess,
    readonly smtpPort: number,
    private readonly api: string,
  ) {}

  static async start(): Promise<Mailpit> {
    const bin = await ensureMailpit();
    const [smtpPort, httpPort] = await Promise.all([freePort(), freePort()]);
    const child = spawn(
      bin,
      [
        '--smtp',
        `127.0.0.1:${smtpPort}`,
        '--listen',
        `127.0.0.1:${httpPort}`,
        '--disable-version-check',
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const mailpit = new Mailpit(child, smtpPort, `http://127.0.0.1:${httpPort}/api/v1`);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (
        await fetch(`${mailpit.api}/messages`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return mailpit;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('Mailpit did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get smtpUrl(): string {
    return `smtp://vitrina:secret@127.0.0.1:${this.smtpPort}`;
  }

  async messages(): Promise<MailpitMessage[]> {
    return ((await (await fetch(`${this.api}/messages`)).json()) as { messages: MailpitMessage[] }).messages;
  }

  async message(id: string): Promise<MailpitFull> {
    return (await (await fetch(`${this.api}/message/${id}`)).json()) as MailpitFull;
  }

  /** The newest message to `to`, waiting for it. */
  async latestTo(to: string, timeoutMs = 10_000): Promise<MailpitFull> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.messages()).find((m) => m.To.some((r) => r.Address === to));
      if (found) return this.message(found.ID);
      if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
