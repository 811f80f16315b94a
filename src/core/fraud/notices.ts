/**
 * Engine notices: reasons that come from the input rather than a rule (`ruleId: "engine"`, score 0),
 * so an analyst sees why an aggregate may look odd.
 */
import type { FraudEvent, FraudReason } from './types.js';

export function engineNotices(
  event: FraudEvent,
  bit: number,
  clampedBy: number,
  late: boolean,
): FraudReason[] {
  const notices: FraudReason[] = [];
  if (clampedBy > 0) {
    const minutes = Math.round(clampedBy / 60_000);
    notices.push({
      code: 'clock_skew_clamped',
      ruleId: 'engine',
      score: 0,
      text: {
        ja: `イベント時刻が受信時刻より約${minutes}分先だったため、受信時刻として扱いました`,
        en: `the event was dated about ${minutes} min after it was received; it was counted at the receipt time`,
      },
      detail: { aheadMs: clampedBy },
    });
  }
  if (bit === 0) {
    notices.push({
      code: 'unknown_event_type',
      ruleId: 'engine',
      score: 0,
      text: {
        ja: `未知のイベント種別「${event.type.slice(0, 40)}」です。種別を限定したルールは適用されません`,
        en: `unknown event type "${event.type.slice(0, 40)}"; rules limited to event types do not apply`,
      },
    });
  }
  if (late) {
    notices.push({
      code: 'late_event',
      ruleId: 'engine',
      score: 0,
      text: {
        ja: 'イベントが古すぎるため、集計値が不完全な可能性があります',
        en: 'the event is older than the longest window before the latest event; aggregates may be incomplete',
      },
    });
  }
  return notices;
}
