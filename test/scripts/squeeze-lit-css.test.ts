import assert from 'node:assert/strict';
import { it } from 'node:test';
import { squeezeCss } from '../../scripts/squeeze-lit-css.js';

it('drops comments, indentation, the spaces around { } ; , > and after :, and a block’s last ;', () => {
  assert.equal(
    squeezeCss(`
      /* the frame */
      :host {
        display: block;
        font-family: system-ui, sans-serif;
      }
      section > .stage,
      footer {
        min-height: 120px;
      }
    `),
    ':host{display:block;font-family:system-ui,sans-serif}section>.stage,footer{min-height:120px}',
  );
});

it('keeps what carries meaning: descendant spaces, spaces inside values and calc(), and quoted text', () => {
  assert.equal(squeezeCss('.a .b :is(.c) ::slotted(button) { margin: 0 auto; }'), '.a .b :is(.c) ::slotted(button){margin:0 auto}');
  assert.equal(squeezeCss('x { width: calc(100% - 2 * var(--gap, 4px)); }'), 'x{width:calc(100% - 2 * var(--gap,4px))}');
  assert.equal(squeezeCss(`x::before { content: ' ; { } , > '; }`), `x::before{content:' ; { } , > '}`);
  assert.equal(squeezeCss('@media (prefers-reduced-motion: reduce) { .s { animation: none; } }'), '@media (prefers-reduced-motion:reduce){.s{animation:none}}');
});
