import type Database from 'better-sqlite3';
import type { RecordedTrack, RecordingRepo, TrackFileStatus } from '../store.js';

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

export function sqliteRecordingRepo(db: Database.Database): RecordingRepo {
  const tracksOf = db.prepare<[string], TrackRow>('SELECT * FROM recording_tracks WHERE call_id = ? ORDER BY segment, created_at, id');
  return {
    async start(callId, at) {
      db.prepare(
        "UPDATE calls SET recording = 'recording', recording_started_at = COALESCE(recording_started_at, ?) WHERE id = ? AND (recording IS NULL OR recording <> 'deleted')",
      ).run(at, callId);
      return (db.prepare<[string], number>('SELECT recording_started_at FROM calls WHERE id = ?').pluck().get(callId) ?? at) as number;
    },
    async addTrack(t, at) {
      db.prepare(
        `INSERT INTO recording_tracks (id, call_id, segment, participant, source, kind, codec, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'writing', ?)`,
      ).run(t.id, t.callId, t.segment, t.participant, t.source, t.kind, t.codec, at);
    },
    async trackStarted(id, offsetMs) {
      db.prepare('UPDATE recording_tracks SET offset_ms = ? WHERE id = ?').run(offsetMs, id);
    },
    async finishTrack(id, r) {
      db.prepare("UPDATE recording_tracks SET status = ?, duration_ms = ?, bytes = ?, offset_ms = COALESCE(?, offset_ms) WHERE id = ? AND status = 'writing'").run(
        r.status,
        r.durationMs,
        r.bytes,
        r.offsetMs ?? null,
        id,
      );
    },
    async dropTrack(id) {
      db.prepare('DELETE FROM recording_tracks WHERE id = ?').run(id);
    },
    async finish(callId, status) {
      db.prepare(`UPDATE calls SET recording = ? WHERE id = ? AND recording IS NOT NULL AND recording <> 'deleted' AND ${RANK} < ${WORSE}`).run(
        status,
        callId,
        status,
      );
    },
    async tracksOf(callId) {
      return tracksOf.all(callId).map(toTrack);
    },
    async expired(before, limit) {
      return db
        .prepare<[number, number], string>(
          "SELECT id FROM calls WHERE recording IN ('complete', 'partial', 'failed') AND ended_at < ? ORDER BY ended_at LIMIT ?",
        )
        .pluck()
        .all(before, limit);
    },
    async unfinished() {
      return db.prepare<[], string>("SELECT id FROM calls WHERE recording = 'recording'").pluck().all();
    },
    async remove(callId) {
      return db.transaction(() => {
        const tracks = tracksOf.all(callId).map(toTrack);
        db.prepare('DELETE FROM recording_tracks WHERE call_id = ?').run(callId);
        db.prepare("UPDATE calls SET recording = 'deleted' WHERE id = ? AND recording IS NOT NULL").run(callId);
        return tracks;
      })();
    },
  };
}
