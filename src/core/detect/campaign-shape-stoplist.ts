/**
 * Path segments too common on ordinary sites to be a campaign's signature, however many phishing
 * domains used them: sections, logins, languages, file names. Written from what benign URLs serve
 * (the benign path lists in bench/detect, popular CMS and framework layouts) and never from the
 * phishing test months: a kit path like `/sdnz/` or `/eorico/` is not here, `/login/` is.
 */

const GENERIC = new Set(
  // Sections and pages every kind of site serves.
  (
    'news blog blogs article articles topics topic products product item items category categories tag tags ' +
    'search help support user users profile profiles docs doc shop store stores event events campaign campaigns ' +
    'recruit company corporate jobs careers video videos watch info information service services about contact ' +
    'faq guide column features feature special ranking review reviews forum community media press release ' +
    'library download downloads static assets asset images image img css js api app apps account accounts ' +
    'login logins signin sign-in sign_in signup sign-up register registration member members mypage my settings ' +
    'cart checkout order orders reserve booking travel hotel map weather sports business economy world local ' +
    'life tech science health food recipe fashion beauty home game games music movie anime manga books comic ' +
    'school sale coupon point points gift pay payment payments card cards bank insurance plan plans pricing ' +
    'detail details list page pages entry post posts archives archive channel live shorts share link out ' +
    'redirect view show auth oauth oauth2 openid-connect protocol realms idp saml sso web secure status ' +
    'index default top main portal mail webmail admin administrator dashboard public private common include ' +
    'includes lib src dist data files file upload uploads media content contents site sites wp wp-admin ' +
    'wp-content wp-includes wp-json wp-login cgi-bin bin tmp temp test dev demo new old backup www html htm php ' +
    'verify verification confirm confirmation update updates security check validate validation session ' +
    'logout logoff signout password reset recover recovery forgot home-page homepage start welcome landing ' +
    'form forms inquiry apply application entry-form lp sp amp mobile smart pc ' +
    'ja-jp en-us en-gb zh-cn zh-tw ko-kr japan jpn eng japanese english global intl ' +
    'customer customers client clients personal individual corporate-customers business-customers ' +
    'official notice notices announcement announcements important emergency alert alerts ' +
    'mypage-top member-top myaccount my-account account-top user-top usertop ' +
    'callback authorize authorization token tokens consent logon signon mfa otp 2fa ' +
    'feed rss sitemap robots favicon manifest service-worker sw ' +
    'v1 v2 v3 api-v1 graphql rest ajax json xml'
  ).split(' '),
);

/** File extensions stripped before the lookup, so `login.php` is as generic as `login`. */
const EXTENSION = /\.(?:html?|php\d?|aspx?|jsp|do|cgi|pl|action|xml|txt|json)$/;

/**
 * True when a lowercased path segment says nothing about a campaign: generic words (with or
 * without a page extension), short codes (`jp`, `s`), numbers and dates.
 */
export function isGenericSegment(segment: string): boolean {
  if (segment.length < 3) return true;
  const base = segment.replace(EXTENSION, '');
  if (base.length < 3 || GENERIC.has(base)) return true;
  // Numbers, dates and versions (`2025`, `20250115`, `1.2.3`) recur on every site.
  if (/^[0-9._-]+$/.test(base)) return true;
  // Generic words joined (`user_login`, `account-top`, `app-help`) are as generic as their parts.
  const words = base.split(/[-_]/);
  return words.length > 1 && words.every((w) => w.length < 3 || GENERIC.has(w) || /^[0-9]+$/.test(w));
}
