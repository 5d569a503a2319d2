package org.margin.storage;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;

/**
 * Told of the events a command stored, once they are durable and before the command is acknowledged,
 * on the command's own thread. Tracking processors see the same events later; this is the short way
 * for work that must not wait for them, such as the live push. A failure here is logged and does not
 * fail the command, whose events are already stored.
 */
public interface CommittedEvents {

    void committed(List<? extends EventMessage<?>> events);
}
