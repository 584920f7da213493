import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallController } from '../../widget/call-core/call-controller.js';
import type { AgentDesk, DeskCall } from './desk.js';

/**
 * Binds an AgentDesk to a Lit host: the desk runs while the host is on the page, and the host
 * re-renders when the desk's state changes or its call's status, media or chat do.
 */
export class DeskController<C extends DeskCall> implements ReactiveController {
  private readonly calls: CallController<C>;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly desk: AgentDesk<C>,
  ) {
    host.addController(this);
    this.calls = new CallController<C>(host);
    // The desk lives as long as its host: what changes while the host is off the page shows when it is back.
    desk.on('change', () => this.sync());
  }

  hostConnected(): void {
    this.desk.start();
  }

  hostDisconnected(): void {
    this.desk.stop();
  }

  private sync(): void {
    // The call controller re-renders on the call's own events; a new call needs binding first.
    if (this.calls.call !== this.desk.state.call) this.calls.call = this.desk.state.call;
    this.host.requestUpdate();
  }
}
