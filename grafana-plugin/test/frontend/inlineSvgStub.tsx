/**
 * react-inlinesvg fetches each icon and renders nothing until it arrives; jsdom has no icons to
 * fetch. This stand-in renders the <svg> at once, so tests see the icons (such as tooltip markers).
 */
export default function InlineSvg({ src, title }: { src: string; title?: string }) {
  return <svg data-icon={src}>{title && <title>{title}</title>}</svg>;
}
