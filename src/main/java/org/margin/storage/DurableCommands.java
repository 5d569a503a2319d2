package org.margin.storage;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** Flushes the store after each command's unit of work commits, before the command is acknowledged. */
final class DurableCommands implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MongoEndpoint endpoint;

    DurableCommands(MongoEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        unitOfWork.afterCommit(u -> endpoint.flush());
        return interceptorChain.proceed();
    }
}
