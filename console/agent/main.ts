import { define } from '../../widget/define.js';
import { VitrinaMediaView } from '../../widget/media-view/media-view.js';
import { VitrinaAgentConsole } from './agent-console.js';

define('vitrina-media-view', VitrinaMediaView);
define('vitrina-agent-console', VitrinaAgentConsole);
