import nodemailer from 'nodemailer';
import type { Logger } from '../log.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends mail through the shop's own mail server; a failure is the caller's to report. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** The shop's SMTP server, from `VITRINA_SMTP_URL`: one pooled connection, and no send waits longer than 20 s. */
export function smtpMailer(o: { smtpUrl: string; from: string | undefined; log: Logger }): Mailer {
  const url = new URL(o.smtpUrl);
  const from = o.from ?? (decodeURIComponent(url.username).includes('@') ? decodeURIComponent(url.username) : `no-reply@${url.hostname}`);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      o.log.info('mail sent', { messageId: info.messageId });
    },
  };
}
