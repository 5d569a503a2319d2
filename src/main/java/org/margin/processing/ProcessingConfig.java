package org.margin.processing;

import org.axonframework.config.ConfigurerModule;
import org.margin.group.Groups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProcessingConfig {

    /** The processors that keep the stored views, as named in application.yml. */
    static final String PROJECTIONS = "projections";
    static final String AUDIT = "audit";

    /**
     * The document views and the audit log skip an event that cannot be applied, so one bad event does not
     * stop every later one; the membership view never skips, because who may read and write is decided from
     * it, and a skipped removal would leave a member with access. All three wait out a failure of the store.
     */
    @Bean
    ConfigurerModule processorErrors(SkippedEvents skipped) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(PROJECTIONS, c -> ProcessorErrors.skipping(PROJECTIONS, skipped))
                .registerListenerInvocationErrorHandler(AUDIT, c -> ProcessorErrors.skipping(AUDIT, skipped))
                .registerListenerInvocationErrorHandler(Groups.PROCESSOR,
                        c -> ProcessorErrors.neverSkipping(Groups.PROCESSOR)));
    }
}
