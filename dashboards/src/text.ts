/**
 * What every panel says about itself. The description is built from both parts, so no panel can
 * ship without saying what to do when it turns red.
 */
export interface PanelText {
  readonly title: string;
  /** What the panel shows, as a sentence. */
  readonly shows: string;
  /** What to do when it is red, as a sentence. */
  readonly whenRed: string;
}

export const WHEN_RED = 'When red:';

export function description(text: PanelText): string {
  return `${text.shows} ${WHEN_RED} ${text.whenRed}`;
}
