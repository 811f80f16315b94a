import { useId, useState } from 'react';
import { defangIndicator, defangText } from '../defang.js';
import { useI18n } from '../i18n/index.js';
import { clip, revealControls } from '../text.js';

/**
 * Report text as inert text: React escapes it, `dir="auto"` inside <bdi> keeps right-to-left tricks
 * from reordering the page around it, controls are made visible, URLs defanged, and long strings are
 * cut at `limit` characters behind a "show more" button (a 1 MB description must not freeze the page).
 */
export function SafeText({
  text,
  limit = 400,
  block = false,
}: {
  text: string;
  limit?: number;
  block?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = useId();
  const { shown, cut } = clip(text, open ? text.length : limit);
  const safe = revealControls(defangText(shown));
  const Tag = block ? 'div' : 'span';
  return (
    <Tag className={block ? 'safe-text block' : 'safe-text'}>
      <bdi dir="auto" id={id}>
        {safe}
        {cut ? '…' : ''}
      </bdi>
      {cut || open ? (
        <button
          type="button"
          className="link-button"
          aria-controls={id}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? t('common.showLess') : t('common.showMore', { count: text.length.toLocaleString() })}
        </button>
      ) : null}
    </Tag>
  );
}

/** An indicator value: defanged, monospace, left-to-right, never a link. */
export function Defanged({ type, value }: { type: string; value: string }) {
  const { shown, cut } = clip(value, 300);
  return (
    <code className="defanged" data-defanged="">
      <bdi dir="ltr">
        {revealControls(defangIndicator(type, shown))}
        {cut ? '…' : ''}
      </bdi>
    </code>
  );
}
