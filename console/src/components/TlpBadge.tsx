import { useI18n } from '../i18n/index.js';

/**
 * FIRST TLP 2.0 colours: the label on black, in the standard's RGB values (RED 255,43,43;
 * AMBER 255,192,0; GREEN 51,255,0; CLEAR white). The full name is the accessible label.
 */
export function TlpBadge({ tlp }: { tlp: string }) {
  const { label } = useI18n();
  const known = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'].includes(tlp);
  const cls = known ? `tlp tlp-${tlp.replace('+', '-').toLowerCase()}` : 'tlp';
  return (
    <span className={cls} title={label('tlp', tlp)} role="img" aria-label={label('tlp', tlp)}>
      TLP:{tlp}
    </span>
  );
}
