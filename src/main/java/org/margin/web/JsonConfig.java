package org.margin.web;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JsonConfig {

    /** Writes emoji and other astral characters as UTF-8, not as escaped surrogate pairs. */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer utf8Surrogates() {
        return builder -> builder.featuresToEnable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.mappedFeature());
    }
}
