/**
 * SVG → PNG with resvg (Rust, shipped as a prebuilt npm binary: no browser, no native build).
 * Text uses the system's fonts (DejaVu/Liberation on Debian), which carry Cyrillic.
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 1.5 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}
