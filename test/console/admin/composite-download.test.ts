import { expect, fixture, html } from '@open-wc/testing';
import type { CompositeState } from '../../../server/contract/admin.js';
import { ApiError, type ConsoleApi } from '../../../console/shared/console-api.js';
import { VitrinaCompositeDownload } from '../../../console/admin/composite-download.js';

if (!customElements.get('vitrina-composite-download')) customElements.define('vitrina-composite-download', VitrinaCompositeDownload);

const CALL = 'call_abcdefghijklmnop';

/** The server's side: the state on load, then what each ask and each poll answers. */
function fakeApi(o: { initial: CompositeState; onMake: CompositeState | Error; polls?: CompositeState[] }) {
  const asked: string[] = [];
  const polls = [...(o.polls ?? [])];
  let loaded = false;
  const api = {
    call(name: string): Promise<CompositeState> {
      asked.push(name);
      if (name === 'makeComposite') return o.onMake instanceof Error ? Promise.reject(o.onMake) : Promise.resolve(o.onMake);
      if (!loaded) {
        loaded = true;
        return Promise.resolve(o.initial);
      }
      return Promise.resolve(polls.shift() ?? { state: 'ready', bytes: 3e6 });
    },
  };
  return { api: api as unknown as ConsoleApi, asked };
}

async function until(ok: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Mounts the control and catches the download it starts, so the browser saves nothing. */
async function mount(api: ConsoleApi): Promise<{ el: VitrinaCompositeDownload; downloads: string[] }> {
  const el = await fixture<VitrinaCompositeDownload>(html`<vitrina-composite-download .api=${api} .callId=${CALL} .pollMs=${20}></vitrina-composite-download>`);
  const downloads: string[] = [];
  (el.shadowRoot as ShadowRoot).addEventListener(
    'click',
    (e) => {
      const a = e.target as HTMLElement;
      if (a instanceof HTMLAnchorElement && a.hasAttribute('download')) {
        downloads.push(a.getAttribute('href') ?? '');
        e.preventDefault();
      }
    },
    true,
  );
  return { el, downloads };
}

const $ = <T extends Element>(el: VitrinaCompositeDownload, selector: string) => (el.shadowRoot as ShadowRoot).querySelector<T>(selector);

describe('vitrina-composite-download', () => {
  it('one click makes the video, shows its progress, and downloads it when ready', async () => {
    const { api, asked } = fakeApi({
      initial: { state: 'none' },
      onMake: { state: 'working', progress: 0 },
      polls: [
        { state: 'working', progress: 0.25 },
        { state: 'working', progress: 0.5 },
        { state: 'working', progress: 0.5 },
        { state: 'ready', bytes: 12e6 },
      ],
    });
    const { el, downloads } = await mount(api);
    await el.updateComplete;
    const button = $<HTMLButtonElement>(el, 'button[data-action=download]');
    expect(button?.textContent?.trim()).to.equal('Download as one video');
    button?.click();

    await until(() => $<HTMLProgressElement>(el, 'progress')?.value === 50, 'the progress shows half');
    const progress = $<HTMLProgressElement>(el, 'progress') as HTMLProgressElement;
    expect([progress.max, progress.getAttribute('aria-label')]).to.deep.equal([100, 'Preparing the download…']);
    expect($(el, '[role=status]')?.textContent).to.equal('Preparing the download…');
    expect((el.shadowRoot as ShadowRoot).textContent).to.contain('50%');

    await until(() => downloads.length > 0, 'the download starts by itself');
    expect(downloads).to.deep.equal([`/api/admin/calls/${CALL}/composite.mp4`]);
    const again = $<HTMLAnchorElement>(el, 'a[download]');
    expect(again?.textContent?.trim()).to.equal('Download again (12 MB)');
    expect(asked.filter((n) => n === 'makeComposite')).to.have.length(1, 'one click, one ask');
    await new Promise((r) => setTimeout(r, 100));
    expect(downloads).to.have.length(1, 'downloaded once');
  });

  it('downloads at once what was made before', async () => {
    const { api } = fakeApi({ initial: { state: 'ready', bytes: 2e6 }, onMake: { state: 'ready', bytes: 2e6 } });
    const { el, downloads } = await mount(api);
    await until(() => $(el, 'button[data-state=ready]') !== null, 'the state is read');
    $<HTMLButtonElement>(el, 'button')?.click();
    await until(() => downloads.length === 1, 'the download starts');
    expect($(el, 'progress')).to.equal(null, 'no making, no progress');
    expect($(el, 'a[download]')?.textContent?.trim()).to.equal('Download again (2 MB)');
  });

  it('says in words when the making fails, and a click tries again', async () => {
    const { api } = fakeApi({ initial: { state: 'none' }, onMake: { state: 'working', progress: 0 }, polls: [{ state: 'failed', error: 'ffmpeg crashed' }] });
    const { el, downloads } = await mount(api);
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button')?.click();
    await until(() => $(el, '[role=alert]') !== null, 'the failure shows');
    expect($(el, '[role=alert]')?.textContent).to.equal('Could not make the download; please try again.');
    expect($(el, 'button')?.textContent?.trim()).to.equal('Try the download again');
    expect(downloads).to.deep.equal([]);
  });

  it("shows the server's words when the ask is refused, in Russian around them", async () => {
    const { api } = fakeApi({ initial: { state: 'none' }, onMake: new ApiError(404, 'call-not-found', 'There is no such call.') });
    const wrapper = await fixture(html`<div lang="ru"></div>`);
    const el = document.createElement('vitrina-composite-download') as VitrinaCompositeDownload;
    el.api = api;
    el.callId = CALL;
    wrapper.append(el);
    await el.updateComplete;
    expect($(el, 'button')?.textContent?.trim()).to.equal('Скачать одним видео');
    $<HTMLButtonElement>(el, 'button')?.click();
    await until(() => $(el, '[role=alert]') !== null, 'the refusal shows');
    expect($(el, '[role=alert]')?.textContent).to.equal('There is no such call.');
    expect($(el, 'button')?.textContent?.trim()).to.equal('Подготовить видео ещё раз');
  });
});
