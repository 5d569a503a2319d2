package org.margin.live;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * STOMP over plain WebSocket at {@code /ws}. The handshake checks Origin (same origin, plus
 * {@code margin.live.allowed-origins}); every frame passes {@link StompSecurity}. A client that
 * cannot keep up is disconnected once its send buffer or send time limit is reached; it resumes with
 * {@code events?after=}. {@link LiveBrokerConfig} applies this configuration.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

    private static final int READ_BUFFER = 1024;

    private final LiveProperties props;
    private final StompSecurity security;
    private final LiveSessions sessions;
    private final ObjectProvider<Presence> presence;

    WebSocketConfig(LiveProperties props, StompSecurity security, LiveSessions sessions, ObjectProvider<Presence> presence) {
        this.props = props;
        this.security = security;
        this.sessions = sessions;
        this.presence = presence;
    }

    /**
     * The container's buffers for reading a socket's messages, allocated for every open socket: 1,024
     * characters and 1,024 bytes instead of 8,192 of each. They bound no frame: a longer message
     * arrives in parts ({@link MessagesInParts}, which keeps them at this size).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(READ_BUFFER);
        container.setMaxBinaryMessageBufferSize(READ_BUFFER);
        return container;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        List<String> origins = props.allowedOrigins().stream().filter(o -> !o.isBlank()).toList();
        registry.addEndpoint("/ws")
                .setAllowedOriginPatterns(origins.toArray(String[]::new))
                .addInterceptors(new CsrfTokenHandshake());
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
        heartbeats.setPoolSize(1);
        heartbeats.setThreadNamePrefix("stomp-heartbeat-");
        heartbeats.initialize();
        long beat = props.heartbeat().toMillis();
        registry.enableSimpleBroker("/topic", "/queue").setHeartbeatValue(new long[] {beat, beat})
                .setTaskScheduler(heartbeats);
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.setPreservePublishOrder(true);
    }

    /**
     * Each frame is handled on the container thread that read it from its socket, as an HTTP request
     * is: a session's frames in the order they came, and a command without a hand-over to a pool and
     * back.
     */
    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.executor(new SyncTaskExecutor()).interceptors(security, new PresenceOnSubscribe(presence));
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(props.messageSizeLimit())
                .setSendBufferSizeLimit(props.sendBufferSizeLimit())
                .setSendTimeLimit((int) props.sendTimeLimit().toMillis())
                .addDecoratorFactory(sessions::track)
                .addDecoratorFactory(handler -> new MessagesInParts(handler, READ_BUFFER));
    }
}
