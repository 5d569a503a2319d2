package org.margin.live;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live connection settings.
 *
 * @param allowedOrigins       origins allowed to open {@code /ws} besides the app's own
 * @param messageSizeLimit     largest inbound STOMP frame, in bytes
 * @param sendBufferSizeLimit  bytes queued for one slow client before it is disconnected
 * @param sendTimeLimit        longest one send to a client may block before it is disconnected
 * @param heartbeat            STOMP heartbeat interval both ways; a silent client is dropped after ~3 of them
 * @param maxMessagesPerSecond inbound frames one session may send per second
 */
@ConfigurationProperties(prefix = "margin.live")
public record LiveProperties(
        @DefaultValue("") List<String> allowedOrigins,
        @DefaultValue("65536") int messageSizeLimit,
        @DefaultValue("524288") int sendBufferSizeLimit,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("50") int maxMessagesPerSecond) {
}
