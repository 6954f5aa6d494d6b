import { createHmac, randomBytes } from 'node:crypto';
import type { NotifyChannel, Subscription } from '../storage/outbox-repository.js';
import { digestMarkdown, type Digest } from './message.js';

/** What goes on the wire for one digest. */
export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How a receiver's 2xx answer reads: robots say success in the body (errcode 0), not in the HTTP status. */
export type AnswerVerdict = { ok: true } | { ok: false; error: string; retryAfterMs?: number };

/** One port, three channels, each following its published format. */
export interface ChannelPort {
  /** Messages a minute one receiver takes (a group robot's limit); null: no limit of its own. */
  perMinute: number | null;
  request(sub: Subscription, digest: Digest, meta: { webhookId: string; nowMs: number }): ChannelRequest;
  verdict(text: string): AnswerVerdict;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A robot's answer: {"errcode":0,"errmsg":"ok"} is success; `busy` errcodes mean "too fast, wait a minute". */
function robotVerdict(text: string, busy: readonly number[]): AnswerVerdict {
  let errcode: unknown;
  try {
    errcode = (JSON.parse(text) as { errcode?: unknown }).errcode;
  } catch {
    return { ok: false, error: 'answer is not JSON' };
  }
  if (errcode === 0) return { ok: true };
  const error = `errcode ${String(errcode)}`;
  return busy.includes(Number(errcode)) ? { ok: false, error, retryAfterMs: 60_000 } : { ok: false, error };
}

/** 企业微信群机器人: POST to the webhook URL (its key in the query) with a markdown message; 20 a minute per robot. */
export const wecom: ChannelPort = {
  perMinute: 20,
  request(sub, digest) {
    const { text } = digestMarkdown(digest);
    return { url: sub.url, headers: JSON_HEADERS, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: text } }) };
  },
  verdict: (text) => robotVerdict(text, [45009]),
};

/** DingTalk's 加签: base64 HMAC-SHA256 of "{timestamp}\n{secret}" keyed with the secret, URL-encoded. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64'));
}

/** 钉钉自定义机器人 with 加签: timestamp and sign in the query; markdown with the @mobiles in the text and in `at`. */
export const dingtalk: ChannelPort = {
  perMinute: 20,
  request(sub, digest, { nowMs }) {
    const { title, text } = digestMarkdown(digest, sub.mentionMobiles);
    const sep = sub.url.includes('?') ? '&' : '?';
    const url = sub.secret ? `${sub.url}${sep}timestamp=${nowMs}&sign=${dingtalkSign(nowMs, sub.secret)}` : sub.url;
    return {
      url, headers: JSON_HEADERS,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text }, at: { atMobiles: sub.mentionMobiles, isAtAll: false } }),
    };
  },
  verdict: (text) => robotVerdict(text, [130101]),
};

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A fresh Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Whether a secret is whsec_ followed by base64 of at least 16 bytes. */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const b64 = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(b64) && Buffer.from(b64, 'base64').length >= 16;
}

/** Standard Webhooks 1.0: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" keyed with the secret's decoded bytes>. */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** A generic signed webhook (Standard Webhooks 1.0): any 2xx is success. */
export const webhook: ChannelPort = {
  perMinute: null,
  request(sub, digest, { webhookId, nowMs }) {
    const timestamp = Math.floor(nowMs / 1000);
    const body = JSON.stringify({ type: 'ticket.supervise', timestamp: new Date(timestamp * 1000).toISOString(), data: { level: digest.level, tickets: digest.tickets } });
    return {
      url: sub.url,
      headers: {
        ...JSON_HEADERS, 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(sub.secret ?? '', webhookId, timestamp, body),
      },
      body,
    };
  },
  verdict: () => ({ ok: true }),
};

export const CHANNELS: Record<NotifyChannel, ChannelPort> = { wecom, dingtalk, webhook };
