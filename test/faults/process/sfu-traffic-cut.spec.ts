import { expect, test } from '@playwright/test';
import { callEvents, consultantRemote, expectFramesGrowing, readCallRow, screenshotPath, shopperRemote, unbroken, watchStatuses } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { FAULT_PORTS } from './support/fault-stack.js';
import { cut, lift } from './support/network.js';
import { answer, closeAllContexts, consultantIn, expectMediaBack, expectPlayable, openCalls, shopperCalling } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(async ({ browser }) => {
  lift();
  await closeAllContexts({ browser });
});

/** Everything to and from livekit-server: signalling, and media over UDP and TCP. */
const SFU_PORTS = [FAULT_PORTS.livekit, FAULT_PORTS.livekitTcp, FAULT_PORTS.livekitUdp];

for (const seconds of [6, 15]) {
  test(`every packet to and from the SFU is dropped for ${seconds} s mid-call: both sides are told, then the same call carries on with media`, async ({
    browser,
  }) => {
    const anna = await consultantIn(browser, 0);
    const shopper = await shopperCalling(browser);
    await answer(anna);
    await expectFramesGrowing(shopperRemote(shopper.page));
    await expectFramesGrowing(consultantRemote(anna));
    const statuses = await watchStatuses(shopper.page);
    // A video the SFU forwards no more after the outage is asked for afresh (widget/call-core/video-revival.ts): say when it was needed.
    const revivals: { who: string; at: number }[] = [];
    for (const [who, page] of [
      ['shopper', shopper.page],
      ['consultant', anna],
    ] as const) {
      page.on('console', (m) => m.text().includes('subscribing to it afresh') && revivals.push({ who, at: Date.now() }));
    }
    const eventsBefore = callEvents(shopper.callId);

    const cutAt = Date.now();
    cut(SFU_PORTS);
    let told: boolean[];
    try {
      // Both sides say the connection is being restored, within seconds of it going.
      told = await Promise.all(
        [shopper.page, anna].map((page) =>
          page
            .getByTestId('reconnecting')
            .first()
            .waitFor({ timeout: 6_000 })
            .then(
              () => true,
              () => false,
            ),
        ),
      );
      await shopper.page.screenshot({ path: screenshotPath(`fault-sfu-cut-${seconds}s-shopper`) });
      await anna.screenshot({ path: screenshotPath(`fault-sfu-cut-${seconds}s-consultant`) });
      await shopper.page.waitForTimeout(Math.max(0, cutAt + seconds * 1000 - Date.now()));
    } finally {
      lift();
    }
    const liftedAt = Date.now();

    await expectMediaBack(shopperRemote(shopper.page));
    await expectMediaBack(consultantRemote(anna));
    console.log(
      `media both ways again ${((Date.now() - liftedAt) / 1000).toFixed(1)} s after a ${seconds} s cut ended; video asked for afresh: ${revivals.map(({ who, at }) => `${who} ${((at - cutAt) / 1000).toFixed(1)} s after the cut`).join(', ') || 'never'}`,
    );
    await expect(shopper.page.getByTestId('reconnecting')).toHaveCount(0);
    await expect(anna.getByTestId('reconnecting')).toHaveCount(0);
    const sameCall = readCallRow(shopper.callId)?.state === 'in-call' && callEvents(shopper.callId).length === eventsBefore.length && unbroken(statuses);
    tally.count(`SFU traffic dropped ${seconds} s mid-call: same call resumes with media both ways`, { handled: sameCall, lost: sameCall ? 0 : 1 });
    tally.count(`SFU traffic dropped ${seconds} s mid-call: shopper and consultant told while it is out`, { handled: told.every(Boolean) });
    expect(callEvents(shopper.callId)).toEqual(eventsBefore);
    expect(unbroken(statuses)).toBe(true);
    expect(told, 'shopper and consultant were told the connection was lost').toEqual([true, true]);

    await anna.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => readCallRow(shopper.callId)?.recording, { timeout: 30_000 }).not.toBe('recording');
    const played = expectPlayable(shopper.callId);
    tally.count(`SFU traffic dropped ${seconds} s mid-call: recording finished, every file playable`, { handled: played.every((s) => s > 0) });
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  });
}
