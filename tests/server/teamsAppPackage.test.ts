import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { colorIconPng, outlineIconPng, renderManifest } from '../../scripts/teamsAppPackage.js';

const TEMPLATE = readFileSync(
  new URL('../../appPackage/manifest.template.json', import.meta.url),
  'utf8',
);
const BOT_ID = '11111111-2222-3333-4444-555555555555';

interface Manifest {
  manifestVersion: string;
  id: string;
  version: string;
  validDomains: string[];
  developer: Record<string, string>;
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    commandLists: Array<{ commands: Array<{ title: string; description: string }> }>;
  }>;
  webApplicationInfo: { id: string };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
}

function render(publicUrl = 'https://bot.example.com/'): Manifest {
  return renderManifest(TEMPLATE, {
    botId: BOT_ID,
    publicUrl,
    appVersion: '1.4.2',
  }) as unknown as Manifest;
}

/** Width, height and colour type from a PNG's IHDR chunk. */
function pngHeader(png: Buffer): { width: number; height: number; colorType: number } {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25]! };
}

describe('Teams app package', () => {
  it('renders the manifest for the configured bot, personal scope only, no files', () => {
    const manifest = render();

    assert.ok(Number(manifest.manifestVersion) >= 1.17);
    assert.equal(manifest.id, BOT_ID);
    assert.equal(manifest.version, '1.4.2');
    assert.equal(manifest.bots.length, 1);
    assert.equal(manifest.bots[0]!.botId, BOT_ID);
    assert.deepEqual(manifest.bots[0]!.scopes, ['personal']);
    assert.equal(manifest.bots[0]!.supportsFiles, false);
    assert.doesNotMatch(JSON.stringify(manifest), /\$\{\{/, 'no placeholder left');
  });

  it('asks for the read-receipt RSC permission, granted to the bot app', () => {
    const manifest = render();

    assert.deepEqual(manifest.authorization.permissions.resourceSpecific, [
      { name: 'ChatMessageReadReceipt.Read.Chat', type: 'Application' },
    ]);
    assert.equal(manifest.webApplicationInfo.id, BOT_ID);
  });

  it('takes validDomains and developer links from PUBLIC_URL', () => {
    const manifest = render('https://push.contoso.example:8443/bot/');

    assert.deepEqual(manifest.validDomains, ['push.contoso.example']);
    assert.equal(manifest.developer.websiteUrl, 'https://push.contoso.example:8443/bot');
  });

  it('keeps the command menu within Teams limits (10 commands, 32/128 chars)', () => {
    const commands = render().bots[0]!.commandLists[0]!.commands;

    assert.ok(commands.length <= 10);
    for (const c of commands) {
      assert.ok(c.title.length <= 32, c.title);
      assert.ok(c.description.length <= 128, c.description);
    }
  });

  it('refuses a template with an unknown placeholder', () => {
    assert.throws(
      () =>
        renderManifest('{"id": "${{NOPE}}"}', {
          botId: BOT_ID,
          publicUrl: 'https://a.example',
          appVersion: '1.0.0',
        }),
      /Unknown placeholder \$\{\{NOPE\}\}/,
    );
  });

  it('renders a 192×192 colour icon and a 32×32 outline icon with transparency', () => {
    assert.deepEqual(pngHeader(colorIconPng()), { width: 192, height: 192, colorType: 6 });
    assert.deepEqual(pngHeader(outlineIconPng()), { width: 32, height: 32, colorType: 6 });
  });
});
