/**
 * `npm run package`: writes appPackage/build/appPackage.zip (manifest.json, color.png,
 * outline.png) for upload to Teams, from the same configuration the bot runs with.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Archiver } from 'archiver';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseConfig } from '../src/config.js';
import { VERSION } from '../src/version.js';
import { colorIconPng, outlineIconPng, renderManifest } from './teamsAppPackage.js';

const APP_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
const OUTPUT = join(APP_PACKAGE_DIR, 'build', 'appPackage.zip');

// archiver 7 exports a factory; the installed @types/archiver describes archiver 8's classes.
const createArchive = createRequire(import.meta.url)('archiver') as (
  format: 'zip',
  options: { zlib: { level: number } },
) => Archiver;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
    throw error;
  }
  if (!config.bot.appId) {
    fail(
      'Cannot package the Teams app: MicrosoftAppId is not set. Put the bot registration\'s app id in .env (see .env.example) and run "npm run package" again.',
    );
  }
  if (!config.publicUrl.startsWith('https://')) {
    fail(
      `Cannot package the Teams app: PUBLIC_URL must be the bot's public https URL (got "${config.publicUrl}").`,
    );
  }

  const template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.template.json'), 'utf8');
  const manifest = renderManifest(template, {
    botId: config.bot.appId,
    publicUrl: config.publicUrl,
    appVersion: VERSION,
  });

  mkdirSync(dirname(OUTPUT), { recursive: true });
  const output = createWriteStream(OUTPUT);
  const written = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    output.on('error', reject);
  });
  const archive = createArchive('zip', { zlib: { level: 9 } });
  archive.pipe(output);
  archive.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: 'manifest.json' });
  archive.append(colorIconPng(), { name: 'color.png' });
  archive.append(outlineIconPng(), { name: 'outline.png' });
  await archive.finalize();
  await written;
  console.log(`Wrote ${OUTPUT} (bot ${config.bot.appId}, ${config.publicUrl}).`);
}

main().catch((error: unknown) => fail(`Packaging failed: ${String(error)}`));
