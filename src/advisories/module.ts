/** The advisory module as the container wires it: drafting and editing, review and publication. */
import { type AdvisoryDeps, AdvisoryDrafts } from './drafts.js';
import { AdvisoryReview } from './review.js';

export class Advisories {
  readonly drafts: AdvisoryDrafts;
  readonly review: AdvisoryReview;

  constructor(deps: AdvisoryDeps) {
    this.drafts = new AdvisoryDrafts(deps);
    this.review = new AdvisoryReview(deps);
  }
}
