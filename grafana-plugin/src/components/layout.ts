/** Label width of every inline field (in Grafana grid units), so the editors line up. */
export const LABEL_WIDTH = 18;
/** Width of text inputs (grid units). */
export const INPUT_WIDTH = 40;
