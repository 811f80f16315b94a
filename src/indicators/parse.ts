import { detectIndicator, normalizeIndicator } from '../core/indicators/index.js';
import { type Indicator, type IndicatorType, isIndicatorType } from '../core/indicators/types.js';
import { invalid, KobanError } from '../errors/catalogue.js';

/** Any spelling a user typed → the canonical indicator, or a 400 naming `field`. */
export function parseIndicatorValue(rawValue: string, type?: string, field = 'value'): Indicator {
  if (type !== undefined) {
    if (!isIndicatorType(type)) throw invalid('type', 'unknown indicator type');
    const result = normalizeIndicator(type as IndicatorType, rawValue);
    if (!result.ok)
      throw new KobanError('invalid_indicator', result.reason, [{ field, reason: result.reason }]);
    return result.indicator;
  }
  const detected = detectIndicator(rawValue);
  if (!detected) {
    throw new KobanError(
      'invalid_indicator',
      'The value is not a recognizable indicator; pass type= to be explicit',
      [{ field, reason: 'not a recognizable indicator' }],
    );
  }
  return detected;
}
