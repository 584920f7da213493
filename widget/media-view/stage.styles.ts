import { css } from 'lit';

/** The call's picture: the other person fills the stage, your own view sits small in a corner. */
export const stageStyles = css`
  .stage {
    position: relative;
    overflow: hidden;
    aspect-ratio: 4 / 3;
    background: var(--vitrina-stage, #111820);
    color: #fff;
  }
  .stage vitrina-media-view.remote {
    position: absolute;
    inset: 0;
  }
  .stage vitrina-media-view.self {
    position: absolute;
    right: 10px;
    bottom: 10px;
    width: var(--vitrina-self-view-width, 30%);
    aspect-ratio: 4 / 3;
    border-radius: 8px;
    border: 2px solid rgb(255 255 255 / 0.8);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.4);
  }
`;
