package org.margin.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.margin.support.ApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** How the running app wires Axon where the defaults cost every command. */
class AxonWiringTest extends ApiTestBase {

    @Autowired
    ApplicationContext context;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void aggregatesResolveCommandTargetsThroughTheCachingResolver() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachedCommandTargetResolver.class);
        String group = createGroup(admin, "wiring");
        String doc = createDocument(admin, group, "一段文字 with text");
        var added = admin.post("/api/documents/" + doc + "/annotations",
                Map.of("target", position(0, 2), "body", Map.of("text", "note")));
        assertThat(added.status()).isEqualTo(201);
    }

    @Test
    void handlersRunWithoutAxonsTimeLimits() {
        assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
        assertThat(context.containsBean("axonTimeoutConfigurerModule")).isFalse();
    }
}
