import { me as fetchMe } from '../api/client';
import { ApiError } from '../api/http';
import type { Me, Role } from '../api/types';

/** Who is logged in, and what their role in each group lets them do (the server decides again). */
export class Session {
  constructor(readonly me: Me) {}

  get admin(): boolean {
    return this.me.roles.includes('ADMIN');
  }

  roleIn(groupId: string): Role | undefined {
    return this.me.groups.find((g) => g.id === groupId)?.role;
  }

  canWrite(groupId: string): boolean {
    const role = this.roleIn(groupId);
    return this.admin || role === 'OWNER' || role === 'ANNOTATOR';
  }

  canReadHistory(groupId: string): boolean {
    const role = this.roleIn(groupId);
    return this.admin || role === 'OWNER' || role === 'ANNOTATOR' || role === 'REVIEWER';
  }

  canAudit(groupId?: string): boolean {
    if (this.admin) {
      return true;
    }
    return groupId ? this.roleIn(groupId) === 'AUDITOR' : this.me.groups.some((g) => g.role === 'AUDITOR');
  }

  /** The logged-in user, or null when the browser has no session. */
  static async load(): Promise<Session | null> {
    try {
      return new Session(await fetchMe());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        return null;
      }
      throw e;
    }
  }
}
