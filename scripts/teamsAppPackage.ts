/**
 * The pure parts of the Teams app package: the manifest rendered from its template, and the two
 * icons rendered from one SVG glyph. `packageApp.ts` writes them into the zip.
 */
import { Resvg } from '@resvg/resvg-js';

export interface ManifestValues {
  /** MicrosoftAppId: the bot, and the app id the RSC permission is granted to. */
  botId: string;
  /** Public https base URL of the bot (PUBLIC_URL). */
  publicUrl: string;
  /** Semantic version of the app (package.json). */
  appVersion: string;
}

/** Fills every `${{NAME}}` of the template; an unknown or unfilled placeholder is an error. */
export function renderManifest(template: string, values: ManifestValues): Record<string, unknown> {
  const byName: Record<string, string> = {
    BOT_ID: values.botId,
    PUBLIC_URL: values.publicUrl.replace(/\/+$/, ''),
    PUBLIC_HOST: new URL(values.publicUrl).hostname,
    APP_VERSION: values.appVersion,
  };
  const rendered = template.replace(/\$\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = byName[name];
    if (value === undefined) throw new Error(`Unknown placeholder \${{${name}}} in the manifest`);
    // Values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(rendered) as Record<string, unknown>;
}

/** A paper plane on a 96×96 grid. */
const GLYPH = 'M14 46 L80 18 L66 78 L46 62 L70 30 L40 58 L28 52 Z M46 62 L40 76 L40 58 Z';

/** 192×192 full-colour icon: the white glyph on the accent colour. */
export function colorIconPng(accentColor = '#4F6BED'): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">
    <rect width="96" height="96" rx="18" fill="${accentColor}"/>
    <path d="${GLYPH}" fill="#FFFFFF"/>
  </svg>`;
  return renderPng(svg, 192);
}

/** 32×32 outline icon: Teams requires white on a transparent background, nothing else. */
export function outlineIconPng(): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">
    <path d="${GLYPH}" fill="#FFFFFF"/>
  </svg>`;
  return renderPng(svg, 32);
}

function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}
