package org.margin.group;

import java.util.function.Predicate;
import org.margin.common.ForbiddenException;
import org.margin.common.NotFoundException;
import org.margin.security.Caller;
import org.springframework.stereotype.Component;

/**
 * Every access decision about a group and its documents, in one place. A caller who is not a member
 * gets "not found", so group and document ids reveal nothing to outsiders; a member whose role does not
 * allow the action gets "forbidden". ADMIN may do everything.
 */
@Component
public class Permissions {

    private final Groups groups;

    Permissions(Groups groups) {
        this.groups = groups;
    }

    /** Read documents and their current annotations: any member. */
    public void requireRead(Caller caller, String groupId) {
        require(caller, groupId, role -> true, "read");
    }

    /** Add and change annotations, register documents: OWNER, ANNOTATOR. */
    public void requireWrite(Caller caller, String groupId) {
        require(caller, groupId, Role::writes, "change annotations");
    }

    /** Events, as-of views, diffs and per-annotation history: REVIEWER and above. */
    public void requireHistory(Caller caller, String groupId) {
        require(caller, groupId, Role::readsHistory, "read history");
    }

    /** The group's audit log: AUDITOR. */
    public void requireAudit(Caller caller, String groupId) {
        require(caller, groupId, role -> role == Role.AUDITOR, "read the audit log");
    }

    /** Members and roles: OWNER. */
    public void requireOwner(Caller caller, String groupId) {
        require(caller, groupId, role -> role == Role.OWNER, "manage members");
    }

    /** Operations on the whole store or on accounts: ADMIN only. */
    public void requireAdmin(Caller caller, String action) {
        if (!caller.admin()) {
            throw new ForbiddenException("Only an ADMIN may " + action);
        }
    }

    public boolean canRead(Caller caller, String groupId) {
        return caller.admin() || groups.roleOf(caller.username(), groupId).isPresent();
    }

    public boolean canWrite(Caller caller, String groupId) {
        return caller.admin() || groups.roleOf(caller.username(), groupId).filter(Role::writes).isPresent();
    }

    private void require(Caller caller, String groupId, Predicate<Role> allowed, String action) {
        if (caller.admin()) {
            return;
        }
        Role role = groups.roleOf(caller.username(), groupId)
                .orElseThrow(() -> new NotFoundException("Unknown group or document"));
        if (!allowed.test(role)) {
            throw new ForbiddenException("Role " + role + " may not " + action + " in this group");
        }
    }
}
