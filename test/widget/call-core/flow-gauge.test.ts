import { expect } from '@open-wc/testing';
import { FlowGauge, STALL_MS } from '../../../widget/call-core/flow-gauge.js';

describe('FlowGauge', () => {
  it('calls a flow stalled only once its count has stood still for the stall time, and clears it when the count moves', () => {
    const gauge = new FlowGauge();
    expect(gauge.update(10, 0)).to.equal(false);
    expect(gauge.update(10, STALL_MS)).to.equal(false);
    expect(gauge.stalled).to.equal(false);
    expect(gauge.update(10, STALL_MS + 1)).to.equal(true);
    expect(gauge.stalled).to.equal(true);
    expect(gauge.update(10, STALL_MS + 500)).to.equal(false);
    expect(gauge.update(11, STALL_MS + 1000)).to.equal(true);
    expect(gauge.stalled).to.equal(false);
  });

  it('expects nothing of a track with nothing to send (muted): never stalled, and the wait starts afresh', () => {
    const gauge = new FlowGauge();
    gauge.update(5, 0);
    gauge.update(5, STALL_MS + 1);
    expect(gauge.update(undefined, STALL_MS + 2)).to.equal(true);
    expect(gauge.stalled).to.equal(false);
    expect(gauge.update(5, STALL_MS + 3)).to.equal(false);
    expect(gauge.update(5, 2 * STALL_MS + 2)).to.equal(false);
    expect(gauge.update(5, 2 * STALL_MS + 4)).to.equal(true);
  });

  it('says for how long a stalled count has stood still, and nothing while it moves', () => {
    const gauge = new FlowGauge();
    gauge.update(7, 1000);
    expect(gauge.stalledFor(1000 + STALL_MS)).to.equal(0);
    gauge.update(7, 1000 + STALL_MS + 1);
    expect(gauge.stalledFor(9000)).to.equal(8000);
    gauge.update(8, 9500);
    expect(gauge.stalledFor(9500)).to.equal(0);
  });
});
