/**
 * The layer rule of eslint.config.js, run on import lines as they would appear in a file of
 * each layer: an import of a layer above fails `npm test` (lint), one below passes.
 */
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/** The imports of `lines` that the layer rule refuses in a file at `filePath`. */
async function refused(filePath: string, lines: string[]): Promise<string[]> {
  const code = lines.map((line) => `import '${line}';`).join('\n') + '\n';
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => lines[m.line - 1]!);
}

describe('layer rule (eslint.config.js)', function () {
  this.timeout(60_000);

  it('the domain imports nothing of ours', async () => {
    const imports = [
      './campaign.js',
      '../shared/GroupCommit.js',
      '../application/ports/Clock.js',
      '../store/Store.js',
      '../clock.js',
      '../../dialogs/MainDialog.js',
      'botbuilder',
    ];
    assert.deepEqual(await refused('src/domain/probe.ts', imports), imports.slice(1));
  });

  it('the application sees only the domain, src/shared and its ports', async () => {
    const allowed = ['./ports/Clock.js', '../domain/campaign.js', '../shared/GroupCommit.js'];
    const above = [
      '../store/Store.js',
      '../channels/connectorErrors.js',
      '../reports/reportFigures.js',
      '../logger.js',
      '../../jobs/campaignJobs.js',
      '../bot/PushBot.js',
      '../main.js',
      'botbuilder-dialogs',
    ];
    assert.deepEqual(await refused('src/application/probe.ts', [...allowed, ...above]), above);
    assert.deepEqual(await refused('src/application/ports/probe.ts', ['../../logger.js']), [
      '../../logger.js',
    ]);
  });

  it('adapters use ports and each other, never the chat layer, main or the bot SDK', async () => {
    const allowed = ['../application/ports/Clock.js', '../channels/connectorErrors.js'];
    const above = [
      '../../dialogs/MainDialog.js',
      '../../jobs/campaignJobs.js',
      '../server/createServer.js',
      '../bot/PushBot.js',
      '../main.js',
      'botbuilder',
    ];
    assert.deepEqual(await refused('src/store/probe.ts', [...allowed, ...above]), above);
    assert.deepEqual(await refused('src/channels/probe.ts', ['botbuilder', ...above.slice(0, 5)]), [
      ...above.slice(0, 5),
    ]);
  });

  it('dialogs and jobs reach the store only through the application', async () => {
    assert.deepEqual(
      await refused('dialogs/probe.ts', [
        'botbuilder',
        '../src/cards/renderCard.js',
        '../src/store/Store.js',
        '../src/main.js',
      ]),
      ['../src/store/Store.js', '../src/main.js'],
    );
    assert.deepEqual(
      await refused('jobs/probe.ts', ['../src/delivery/CampaignStarter.js', 'botbuilder']),
      ['botbuilder'],
    );
  });
});
