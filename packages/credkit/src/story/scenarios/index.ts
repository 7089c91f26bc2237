// Every scenario `credkit simulate` plays, in its default order.
import { NEW_PHONE } from '../story.js';
import type { Scenario } from '../scenario.js';
import { APP_DATA } from './app-data.js';
import { BACKUP_AGENT } from './backup-agent.js';
import { CHALLENGE_EXPIRED } from './challenge-expired.js';
import { E2EE_FALLBACK } from './e2ee-fallback.js';
import { FEDERATED } from './federated.js';
import { INTERRUPTIONS } from './interruptions.js';
import { OFFLINE_DELETE } from './offline-delete.js';
import { OLD_DEVICE } from './old-device.js';
import { PASSWORD_CHOSEN } from './password.js';
import { PREPARE_GET } from './prepare-get.js';
import { SIGNAL_BUDGET } from './signal-budget.js';
import { TRANSFER_VS_CLOUD } from './transfer-vs-cloud.js';
import { TWO_APPS } from './two-apps.js';
import { UNHIDE } from './unhide.js';

export const SCENARIOS: readonly Scenario[] = [
  NEW_PHONE,
  OFFLINE_DELETE,
  E2EE_FALLBACK,
  TRANSFER_VS_CLOUD,
  BACKUP_AGENT,
  APP_DATA,
  PREPARE_GET,
  PASSWORD_CHOSEN,
  INTERRUPTIONS,
  SIGNAL_BUDGET,
  UNHIDE,
  CHALLENGE_EXPIRED,
  FEDERATED,
  TWO_APPS,
  OLD_DEVICE,
];

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
