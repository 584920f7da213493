import type { RecordedTrack, RecordingRepo, TrackFileStatus } from '../store.js';
import type { SqlDb } from './sql-db.js';

interface TrackRow {
  id: string;
  call_id: string;
  segment: number;
  participant: string;
  source: string;
  kind: 'video' | 'audio';
  codec: string;
  offset_ms: number | null;
  duration_ms: number | null;
  bytes: number | null;
  status: TrackFileStatus;
  created_at: number;
}

const toTrack = (r: TrackRow): RecordedTrack => ({
  id: r.id,
  callId: r.call_id,
  segment: r.segment,
  participant: r.participant,
  source: r.source,
  kind: r.kind,
  codec: r.codec,
  offsetMs: r.offset_ms,
  durationMs: r.duration_ms,
  bytes: r.bytes,
  status: r.status,
  createdAt: r.created_at,
});

/** Severity order: a recording's status only ever moves to a worse one. */
const WORSE = "CASE ? WHEN 'failed' THEN 3 WHEN 'partial' THEN 2 ELSE 1 END";
const RANK = "CASE recording WHEN 'failed' THEN 3 WHEN 'partial' THEN 2 WHEN 'complete' THEN 1 ELSE 0 END";

export function sqlRecordingRepo(db: SqlDb): RecordingRepo {
  const TRACKS_OF = 'SELECT * FROM recording_tracks WHERE call_id = ? ORDER BY segment, created_at, id';
  return {
    async start(callId, at) {
      await db.run(
        "UPDATE calls SET recording = 'recording', recording_started_at = COALESCE(recording_started_at, ?) WHERE id = ? AND (recording IS NULL OR recording <> 'deleted')",
        [at, callId],
      );
      return (await db.get<{ zero: number | null }>('SELECT recording_started_at AS zero FROM calls WHERE id = ?', [callId]))?.zero ?? at;
    },
    async addTrack(t, at) {
      await db.run(
        `INSERT INTO recording_tracks (id, call_id, segment, participant, source, kind, codec, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'writing', ?)`,
        [t.id, t.callId, t.segment, t.participant, t.source, t.kind, t.codec, at],
      );
    },
    async trackStarted(id, offsetMs) {
      await db.run('UPDATE recording_tracks SET offset_ms = ? WHERE id = ?', [offsetMs, id]);
    },
    async finishTrack(id, r) {
      await db.run(
        "UPDATE recording_tracks SET status = ?, duration_ms = ?, bytes = ?, offset_ms = COALESCE(?, offset_ms) WHERE id = ? AND status = 'writing'",
        [r.status, r.durationMs, r.bytes, r.offsetMs ?? null, id],
      );
    },
    async dropTrack(id) {
      await db.run('DELETE FROM recording_tracks WHERE id = ?', [id]);
    },
    async finish(callId, status) {
      await db.run(`UPDATE calls SET recording = ? WHERE id = ? AND recording IS NOT NULL AND recording <> 'deleted' AND ${RANK} < ${WORSE}`, [
        status,
        callId,
        status,
      ]);
    },
    async tracksOf(callId) {
      return (await db.all<TrackRow>(TRACKS_OF, [callId])).map(toTrack);
    },
    async expired(before, limit) {
      const rows = await db.all<{ id: string }>(
        "SELECT id FROM calls WHERE recording IN ('complete', 'partial', 'failed') AND ended_at < ? ORDER BY ended_at LIMIT ?",
        [before, limit],
      );
      return rows.map((r) => r.id);
    },
    async claim(callId, holder, now, until) {
      // One statement, so two servers claiming at once cannot both win: the row's own lock decides.
      const changed = await db.run(
        `INSERT INTO recorder_leases (call_id, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (call_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE recorder_leases.holder = excluded.holder OR recorder_leases.expires_at < ?`,
        [callId, holder, until, now],
      );
      return changed === 1;
    },
    async release(callId, holder) {
      await db.run('DELETE FROM recorder_leases WHERE call_id = ? AND holder = ?', [callId, holder]);
    },
    async holder(callId, now) {
      return (await db.get<{ holder: string }>('SELECT holder FROM recorder_leases WHERE call_id = ? AND expires_at >= ?', [callId, now]))?.holder;
    },
    async unclaimed(now) {
      const rows = await db.all<{ id: string }>(
        `SELECT c.id FROM calls c LEFT JOIN recorder_leases l ON l.call_id = c.id
         WHERE c.recording = 'recording' AND (l.call_id IS NULL OR l.expires_at < ?)`,
        [now],
      );
      return rows.map((r) => r.id);
    },
    async remove(callId) {
      return db.transaction(async (tx) => {
        const tracks = (await tx.all<TrackRow>(TRACKS_OF, [callId])).map(toTrack);
        await tx.run('DELETE FROM recording_tracks WHERE call_id = ?', [callId]);
        await tx.run('DELETE FROM recorder_leases WHERE call_id = ?', [callId]);
        await tx.run("UPDATE calls SET recording = 'deleted' WHERE id = ? AND recording IS NOT NULL", [callId]);
        return tracks;
      });
    },
  };
}
