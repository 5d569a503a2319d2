package org.margin.group;

import org.margin.common.ForbiddenException;
import org.margin.common.NotFoundException;
import org.margin.security.Caller;
import org.springframework.stereotype.Component;

/**
 * Every access decision about a group's content, in one place. A caller who is not a member gets
 * "not found", so group and document ids reveal nothing to outsiders.
 */
@Component
public class Permissions {

    private final Groups groups;

    Permissions(Groups groups) {
        this.groups = groups;
    }

    public void requireRead(Caller caller, String groupId) {
        if (!caller.admin() && groups.roleOf(caller.username(), groupId).isEmpty()) {
            throw new NotFoundException("Unknown group or document");
        }
    }

    public void requireWrite(Caller caller, String groupId) {
        if (caller.admin()) {
            return;
        }
        Role role = groups.roleOf(caller.username(), groupId)
                .orElseThrow(() -> new NotFoundException("Unknown group or document"));
        if (!role.writes()) {
            throw new ForbiddenException("Role " + role + " may not change annotations");
        }
    }

    public void requireHistory(Caller caller, String groupId) {
        if (caller.admin()) {
            return;
        }
        Role role = groups.roleOf(caller.username(), groupId)
                .orElseThrow(() -> new NotFoundException("Unknown group or document"));
        if (!role.readsHistory()) {
            throw new ForbiddenException("Role " + role + " may not read history");
        }
    }
}
