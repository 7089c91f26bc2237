// DisplayInfo: what the create sheet shows about the account a credential is saved for.
import { requireArgument } from '../exceptions/java.js';

export class DisplayInfo {
  readonly userId: string;
  readonly userDisplayName: string | null;
  readonly preferDefaultProvider: string | null;

  constructor(
    userId: string,
    userDisplayName: string | null = null,
    preferDefaultProvider: string | null = null,
  ) {
    requireArgument(userId.length > 0, 'userId should not be empty');
    this.userId = userId;
    this.userDisplayName = userDisplayName;
    this.preferDefaultProvider = preferDefaultProvider;
  }
}
