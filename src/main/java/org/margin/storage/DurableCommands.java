package org.margin.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes the store after each command's unit of work commits, before the command is acknowledged, and
 * then hands the events the command stored to the {@link CommittedEvents} listeners.
 *
 * <p>Deliberately not a {@code MessageHandlerInterceptor} bean: Axon's Spring Boot auto-configuration
 * registers every such bean on the command bus, and a second registration would flush and tell twice.
 */
final class DurableCommands {

    private static final Logger log = LoggerFactory.getLogger(DurableCommands.class);
    private static final String STORED = DurableCommands.class.getName() + ".stored";
    private static final String PUBLISHED = DurableCommands.class.getName() + ".published";

    private final MongoEndpoint endpoint;
    private final List<CommittedEvents> listeners;
    private final InFlightEvents inFlight;

    DurableCommands(MongoEndpoint endpoint, List<CommittedEvents> listeners, InFlightEvents inFlight) {
        this.endpoint = endpoint;
        this.listeners = List.copyOf(listeners);
        this.inFlight = inFlight;
    }

    /** Intercepts the bus's commands, marks their events pending and learns what the store appends. */
    void attachTo(CommandBus commandBus, EventBus eventStore) {
        commandBus.registerHandlerInterceptor(this::handle);
        eventStore.registerDispatchInterceptor(this::published);
        eventStore.subscribe(this::appended);
    }

    /**
     * Marks a unit of work's domain events as pending as it prepares its commit, just before the store
     * appends them, until the unit of work ends (after its listeners have heard, or after a rollback).
     */
    private BiFunction<Integer, EventMessage<?>, EventMessage<?>> published(List<? extends EventMessage<?>> events) {
        CurrentUnitOfWork.ifStarted(u -> {
            List<DomainEventMessage<?>> marked = u.root().getOrComputeResource(PUBLISHED, key -> {
                List<DomainEventMessage<?>> list = new ArrayList<>();
                u.root().onCleanup(done -> list.forEach(inFlight::remove));
                return list;
            });
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domain) {
                    inFlight.add(domain);
                    marked.add(domain);
                }
            }
        });
        return (index, event) -> event;
    }

    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                          InterceptorChain interceptorChain) throws Exception {
        unitOfWork.afterCommit(u -> {
            endpoint.flush();
            List<EventMessage<?>> stored = u.root().getResource(STORED);
            if (stored != null) {
                tell(stored);
            }
        });
        return interceptorChain.proceed();
    }

    /** Subscribed to the event store: notes the events it appends in the current unit of work. */
    void appended(List<? extends EventMessage<?>> events) {
        if (!listeners.isEmpty()) {
            CurrentUnitOfWork.ifStarted(u -> u.root()
                    .<List<EventMessage<?>>>getOrComputeResource(STORED, key -> new ArrayList<>())
                    .addAll(events));
        }
    }

    private void tell(List<EventMessage<?>> stored) {
        for (CommittedEvents listener : listeners) {
            try {
                listener.committed(stored);
            } catch (RuntimeException e) {
                log.warn("{} failed on committed events; tracking processors will still see them", listener, e);
            }
        }
    }
}
