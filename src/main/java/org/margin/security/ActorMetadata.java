package org.margin.security;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.margin.document.api.EventMetadata;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps every command with the authenticated user as its actor, in one place, so no controller or
 * socket handler sets it (or forgets to). A command sent with an actor already (bootstrap code) keeps it.
 */
@Component
class ActorMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    ActorMetadata(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(EventMetadata.ACTOR)) {
                return command;
            }
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            String actor = auth == null ? "system" : auth.getName();
            return command.andMetaData(java.util.Map.of(EventMetadata.ACTOR, actor));
        };
    }
}
