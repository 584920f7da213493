import { applyConsoleLanguage } from '../shared/console-language.js';
import { define } from '../../widget/define.js';
import { VitrinaMediaView } from '../../widget/media-view/media-view.js';
import { VitrinaCallStage } from '../../widget/call-stage/call-stage.js';
import { VitrinaCatalogueSearch } from './catalogue-search.js';
import { VitrinaAgentConsole } from './agent-console.js';
import { VitrinaElapsedTime } from '../shared/elapsed-time.js';
import { VitrinaCallOutcome } from './call-outcome.js';

// Before the first element renders, so it speaks the right language from the start.
applyConsoleLanguage();

define('vitrina-media-view', VitrinaMediaView);
define('vitrina-call-stage', VitrinaCallStage);
define('vitrina-elapsed-time', VitrinaElapsedTime);
define('vitrina-call-outcome', VitrinaCallOutcome);
define('vitrina-catalogue-search', VitrinaCatalogueSearch);
define('vitrina-agent-console', VitrinaAgentConsole);
