import { applyConsoleLanguage } from '../shared/console-language.js';
import { define } from '../../widget/define.js';
import { VitrinaAdmin } from './admin-app.js';
import { VitrinaAdminAnalytics } from './analytics-view.js';
import { VitrinaAdminAudit } from './audit-view.js';
import { VitrinaAdminCall } from './call-review.js';
import { VitrinaAdminCalls } from './calls-view.js';
import { VitrinaCompositeDownload } from './composite-download.js';
import { VitrinaAdminInstall } from './install-view.js';
import { VitrinaAdminOrders } from './orders-settings.js';
import { VitrinaAdminCatalogue } from './catalogue-settings.js';
import { VitrinaAdminSettings } from './settings-view.js';
import { VitrinaSyncedPlayer } from './synced-player.js';
import { VitrinaAdminTeam } from './team-view.js';
import { VitrinaAdminWebhooks } from './webhooks-view.js';

// Before the first element renders, so it speaks the right language from the start.
applyConsoleLanguage();

define('vitrina-synced-player', VitrinaSyncedPlayer);
define('vitrina-composite-download', VitrinaCompositeDownload);
define('vitrina-admin-calls', VitrinaAdminCalls);
define('vitrina-admin-call', VitrinaAdminCall);
define('vitrina-admin-team', VitrinaAdminTeam);
define('vitrina-admin-analytics', VitrinaAdminAnalytics);
define('vitrina-admin-orders', VitrinaAdminOrders);
define('vitrina-admin-catalogue', VitrinaAdminCatalogue);
define('vitrina-admin-settings', VitrinaAdminSettings);
define('vitrina-admin-install', VitrinaAdminInstall);
define('vitrina-admin-webhooks', VitrinaAdminWebhooks);
define('vitrina-admin-audit', VitrinaAdminAudit);
define('vitrina-admin', VitrinaAdmin);
